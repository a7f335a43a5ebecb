#!/bin/sh
# Registers this application folder with the desktop for the current user: the menu entry,
# the icon, and .workshop files opening in the app. Run it again after moving the folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications" "$data/mime/packages" "$data/icons/hicolor/512x512/apps"
sed "s|@EXEC@|\"$here/workshop\"|" "$here/_internal/share/workshop.desktop" \
  > "$data/applications/workshop.desktop"
cp "$here/_internal/share/workshop-mime.xml" "$data/mime/packages/workshop.xml"
cp "$here/_internal/share/workshop.png" "$data/icons/hicolor/512x512/apps/workshop.png"
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "Workshop is in the applications menu; .workshop files open with it."
