"""The upload form of the web import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

ALLOWED = {".pptx", ".xlsx", ".csv", ".json", ".yaml", ".yml"}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A status deck (.pptx), a spreadsheet (.xlsx, .csv) or a plan file (.json, .yaml)."
        ),
        error_messages={"required": _("Choose a file to import.")},
    )
    plan_slug = forms.SlugField(
        label=_("Short name of the plan"),
        required=False,
        help_text=_(
            "Leave empty to use the name in the file. "
            "Give an existing plan's short name to update it."
        ),
    )

    def clean_plan_slug(self) -> str:
        """The short name as the import checks a file's own (lowercase letters, digits and
        hyphens; at most the plan's field's length): said here, at the field."""
        from fremdrift.interchange.apply import check_plan_slug
        from fremdrift.interchange.errors import ImportFailed

        slug = self.cleaned_data["plan_slug"]
        if slug:
            try:
                check_plan_slug(slug)
            except ImportFailed as exc:
                raise forms.ValidationError(exc.message) from None
        return slug

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ALLOWED:
            raise forms.ValidationError(
                _(
                    "Files of type “%(suffix)s” cannot be imported. "
                    "Use .pptx, .xlsx, .csv, .json or .yaml."
                )
                % {"suffix": suffix or "?"}
            )
        limit = settings.FREMDRIFT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(upload.size / 2**20, 1), "limit": limit // 2**20}
            )
        return upload
