"""StreamField blocks shared by every page that carries an editor's text."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    """Running text: paragraphs, sub-headings, lists and links."""

    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "blocks/paragraph.html"


class QuestionAnswerBlock(blocks.StructBlock):
    """One question and its answer, for interviews and replies to media questions."""

    question = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Question"))
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Answer"))

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "blocks/question_answer.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation set apart from the text, with who said it."""

    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"


class CaptionedImageBlock(blocks.StructBlock):
    """A photograph with an optional caption; alt text comes from the caption or the title."""

    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"


class BodyBlock(blocks.StreamBlock):
    """The body of a publication."""

    paragraph = ParagraphBlock()
    question_answer = QuestionAnswerBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
