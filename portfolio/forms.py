from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dossier.models import Criterium

ACCEPT = (
    ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.jpg,.jpeg,.png,.heic,.heif,.mp3,.mp4,.m4v,.mov,.txt,"
    "application/pdf,image/jpeg,image/png,image/heic,audio/mpeg,video/mp4,video/quicktime,text/plain"
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class CriteriumChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Criterium) -> str:
        return obj.tekst


class BewijsstukForm(forms.Form):
    titel = forms.CharField(label=_("Titel"), max_length=200)
    reflectie = forms.CharField(
        label=_("Reflectie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat laat dit bewijs zien, en wat heb je geleerd?"),
    )
    criteria = CriteriumChoiceField(
        label=_("Criteria die dit bewijsstuk aantoont"),
        queryset=Criterium.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # A declared field: the form metaclass moves it into base_fields, so it never shadows BaseForm.files.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Bestanden"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, foto (JPEG, PNG, HEIC), MP3, MP4, MOV of tekst."),
    )
    camera = MultipleFileField(
        label=_("Foto maken"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    def __init__(self, *args, criteria_queryset=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if criteria_queryset is not None:
            cast(CriteriumChoiceField, self.fields["criteria"]).queryset = criteria_queryset

    def all_files(self) -> list:
        return [*self.cleaned_data.get("files", []), *self.cleaned_data.get("camera", [])]


class FeedbackForm(forms.Form):
    feedback = forms.CharField(label=_("Feedback voor de student"), widget=forms.Textarea(attrs={"rows": 4}))
