"""Small files made on the fly for upload tests: real images, bombs and impostors."""

import io

from PIL import Image


def png_bytes(width=4, height=4, color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def gif_bytes(width, height, frames):
    """An animated GIF: tiny on disk, width × height × frames pixels once decoded."""
    images = [Image.new("P", (width, height), n % 2) for n in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:], loop=0)
    return buffer.getvalue()


def png_bomb(width=20_000, height=20_000):
    """A PNG that declares width × height pixels but compresses to a few kilobytes."""
    buffer = io.BytesIO()
    Image.new("1", (width, height), 0).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
