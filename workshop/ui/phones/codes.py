"""QR codes drawn for the screen (the dialog, the projector): the same matrix as the
printed codes (``workshop.export.pdf.qr``), painted module by module, no smoothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from workshop.export.pdf.qr import QUIET_ZONE, qr_matrix


def qr_image(text: str) -> QImage:
    """One pixel per module, with the quiet zone; scale it with ``qr_pixmap``."""
    matrix = qr_matrix(text)
    side = len(matrix) + 2 * QUIET_ZONE
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    black = QColor("black").rgb()
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.setPixel(x + QUIET_ZONE, y + QUIET_ZONE, black)
    return image


def qr_pixmap(text: str, size: int) -> QPixmap:
    image = qr_image(text)
    whole = max(1, size // image.width()) * image.width()  # whole pixels per module
    return QPixmap.fromImage(image.scaled(whole, whole, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.FastTransformation))


class CodeLabel(QLabel):
    """A QR code as large as its place allows, named for screen readers by its caption."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text_ = ""
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(120, 120)
        self.setAccessibleName(name)

    def set_code(self, text: str) -> None:
        self.text_ = text
        self._draw()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._draw()

    def _draw(self) -> None:
        if not self.text_:
            self.clear()
            return
        self.setPixmap(qr_pixmap(self.text_, min(self.width(), self.height())))


class JoinCodes(QWidget):
    """The two codes side by side, each with its caption: join the Wi-Fi, open the page.
    The page's address is written under its code for typing by hand."""

    def __init__(self, tr, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wifi = CodeLabel(tr("QR code: join the Wi-Fi"))
        self.page = CodeLabel(tr("QR code: open the workshop's page"))
        self.wifi_caption = QLabel()
        self.page_caption = QLabel()
        for caption in (self.wifi_caption, self.page_caption):
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setWordWrap(True)
            caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # A long address must not widen the window: it wraps at its own line.
            caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        for code, caption in ((self.wifi, self.wifi_caption), (self.page, self.page_caption)):
            lines = caption.fontMetrics().lineSpacing()
            caption.setMinimumHeight(3 * lines)  # the address's own line, and one to wrap
            column = QVBoxLayout()
            column.addWidget(code, 1)
            column.addWidget(caption)
            row.addLayout(column, 1)
        self.tr_ = tr

    def set_codes(self, wifi: str, ssid: str, url: str) -> None:
        tr = self.tr_
        self.wifi.set_code(wifi)
        self.wifi.setVisible(bool(wifi))
        self.wifi_caption.setText(tr("1. Join the Wi-Fi “{ssid}”").format(ssid=ssid)
                                  if wifi else "")
        self.page.set_code(url)
        # The address on a line of its own: it has no spaces to wrap at.
        self.page_caption.setText(tr("2. Open the page:") + "\n" + url if url
                                  else tr("Phones are off."))


def projected(codes: JoinCodes) -> QWidget:
    """The codes for the projector: large captions the back of the room can read."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.addWidget(codes)
    for caption in (codes.wifi_caption, codes.page_caption):
        font = caption.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)  # the codes, not the words, fill the wall
        font.setBold(True)
        caption.setFont(font)
        caption.setMinimumHeight(3 * caption.fontMetrics().lineSpacing())
    return box
