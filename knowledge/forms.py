from django import forms
from django.utils.translation import gettext_lazy as _

from common.text import PlainTextField
from knowledge.models import Entry


class EntryForm(forms.ModelForm):
    class Meta:
        model = Entry
        fields = ["category", "title", "question", "answer", "policy_basis", "shared_with_below", "is_active"]
        field_classes = dict.fromkeys(("title", "question", "answer", "policy_basis"), PlainTextField)
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "answer": forms.Textarea(attrs={"rows": 5}),
            "policy_basis": forms.Textarea(attrs={"rows": 2}),
        }


class SearchForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
