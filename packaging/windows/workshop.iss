; Inno Setup script: installs dist\workshop for the current user (no administrator needed),
; adds a Start menu entry and makes .workshop files open in Workshop.
; Built by .github/workflows/app.yml:  iscc /DVersion=X.Y.Z packaging\windows\workshop.iss
#ifndef Version
  #define Version "0.0.0"
#endif

[Setup]
AppId={{8C1F3E8B-5C4B-4F0E-9B4E-6B0C2D7A9E11}
AppName=Workshop
AppVersion={#Version}
DefaultDirName={localappdata}\Programs\Workshop
DefaultGroupName=Workshop
PrivilegesRequired=lowest
ChangesAssociations=yes
OutputDir=..\..\dist
OutputBaseFilename=workshop-{#Version}-windows-setup
SetupIconFile=..\..\build\icons\workshop.ico
Compression=lzma2
SolidCompression=yes

[Languages]
Name: "ja"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\workshop\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Workshop"; Filename: "{app}\Workshop.exe"

[Registry]
Root: HKCU; Subkey: "Software\Classes\.workshop"; ValueType: string; ValueData: "Workshop.File"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\Workshop.File"; ValueType: string; ValueData: "Workshop file"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Workshop.File\DefaultIcon"; ValueType: string; ValueData: "{app}\Workshop.exe,0"
Root: HKCU; Subkey: "Software\Classes\Workshop.File\shell\open\command"; ValueType: string; ValueData: """{app}\Workshop.exe"" ""%1"""
