"""The image library's upload form: every file Pillow cannot read is a form error."""

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class SafeImageField(WagtailImageField):
    """Wagtail's image field, refusing broken files and animations with too many pixels.

    Wagtail recognises a format by its first bytes (Willow), then asks Pillow for the size;
    a file with a valid GIF header and garbage after it passes the first check and makes
    Pillow raise UnidentifiedImageError, which Wagtail 8.0 does not catch.
    """

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
            self.check_frame_pixels(f)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - any failure to decode is a broken image
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error

    def check_frame_pixels(self, f):
        """Count every frame of an animation: Willow's Pillow backend always says one.

        A 92 KB GIF of 50 frames of 1000 × 1000 decodes to 50 million pixels.
        """
        if self.max_image_pixels is None:
            return
        f.seek(0)
        with PILImage.open(f) as image:
            width, height = image.size
            frames = getattr(image, "n_frames", 1)
        f.seek(0)
        if width * height * frames > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {
                    "num_pixels": width * height * frames,
                    "max_pixels_count": self.max_image_pixels,
                },
                code="file_too_many_pixels",
            )


class MissionImageForm(BaseImageForm):
    """The add and edit form of the image library (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not isinstance(field, SafeImageField):
            safe = SafeImageField(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                widget=field.widget,
                max_length=field.max_length,
            )
            self.fields["file"] = safe
