"""Photos are downscaled, turned upright and stored inside the workshop file."""

import io

import pytest
from PIL import Image

from workshop.errors import InputError
from workshop.model import Photo
from workshop.photos import MAX_EDGE, photo_from_bytes


def jpeg(width, height, exif_orientation=None):
    image = Image.new("RGB", (width, height), (200, 40, 40))
    out = io.BytesIO()
    exif = Image.Exif()
    if exif_orientation:
        exif[0x0112] = exif_orientation
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_phone_photo_is_downscaled_and_stored(store):
    photo = photo_from_bytes(jpeg(4032, 3024), caption="模造紙 A テーブル")
    assert (photo.width, photo.height) == (MAX_EDGE, 1500)
    stored = store.add(photo)
    again = store.get(Photo, stored.id)
    assert again.data == photo.data and again.caption == "模造紙 A テーブル"
    assert Image.open(io.BytesIO(again.data)).size == (MAX_EDGE, 1500)


def test_a_rotated_phone_photo_is_turned_upright():
    photo = photo_from_bytes(jpeg(400, 300, exif_orientation=6))  # 90° clockwise
    assert (photo.width, photo.height) == (300, 400)


def test_a_small_png_stays_png():
    out = io.BytesIO()
    Image.new("L", (100, 50), 255).save(out, "PNG")
    photo = photo_from_bytes(out.getvalue())
    assert photo.mime == "image/png" and (photo.width, photo.height) == (100, 50)


def test_not_an_image_is_refused_clearly():
    with pytest.raises(InputError, match="not an image"):
        photo_from_bytes(b"%PDF-1.7 not an image")
