"""The shared form field (``_form_field.html``): a single input is named by its
``<label for>``; a group of checkboxes or radio buttons by the ``<legend>`` of a
``<fieldset>`` (a ``<label for="">`` would name nothing), with its help text and error
inside the fieldset and tied to it with ``aria-describedby``, as DKFDS shows."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    title = forms.CharField(label="Titel", help_text="Kort og præcist.")
    forums = forms.MultipleChoiceField(
        label="Fora",
        choices=[("hl", "HL"), ("al", "AL")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Vælg de fora, der skal orienteres.",
    )
    kind = forms.ChoiceField(
        label="Type", choices=[("a", "Orientering"), ("b", "Beslutning")], widget=forms.RadioSelect
    )
    done = forms.BooleanField(label="Afsluttet", required=False)


def _field(form, name):
    return render_to_string("_form_field.html", {"field": form[name]})


def _attr(html, tag, name):
    found = re.search(rf"<{tag}\b[^>]*\b{name}=\"([^\"]*)\"", html)
    return found.group(1) if found else None


def test_a_group_of_checkboxes_is_a_fieldset_named_by_its_legend():
    html = _field(_Form(), "forums")
    assert 'for=""' not in html and "<label>" not in html.split("<fieldset")[0]
    assert html.count("<fieldset") == 1 and "<legend" in html
    legend = re.search(r"<legend[^>]*>(.*?)</legend>", html, re.S).group(1)
    assert "Fora" in legend and "<label" not in legend
    # each box keeps its own label
    assert html.count('type="checkbox"') == 2 and html.count("<label for=") == 2
    # the help text sits inside the fieldset and describes it
    inside = html.split("<fieldset", 1)[1].split("</fieldset>", 1)[0]
    assert "Vælg de fora, der skal orienteres." in inside
    assert _attr(html, "fieldset", "aria-describedby") == "id_forums_helptext"
    assert 'id="id_forums_helptext"' in inside


def test_a_group_with_an_error_names_the_error_in_the_fieldset_too():
    form = _Form(data={"title": "x"})
    assert not form.is_valid()
    html = _field(form, "kind")
    inside = html.split("<fieldset", 1)[1].split("</fieldset>", 1)[0]
    described = _attr(html, "fieldset", "aria-describedby").split()
    assert described == ["id_kind_error"]
    assert 'id="id_kind_error"' in inside and "Dette felt er påkrævet." in inside
    assert html.count('type="radio"') == 2 and "<legend" in html and 'for=""' not in html


def test_a_single_input_keeps_its_label_and_its_error_is_the_one_it_names():
    form = _Form(data={"forums": ["hl"], "kind": "a"})
    assert not form.is_valid()
    html = _field(form, "title")
    assert "<fieldset" not in html and "<legend" not in html
    assert '<label for="id_title">Titel' in html
    described = _attr(html, "input", "aria-describedby").split()
    assert described == ["id_title_helptext", "id_title_error"]
    for target in described:  # every id the input names is on the page
        assert f'id="{target}"' in html
    assert "<fieldset" not in _field(form, "done") and '<label for="id_done">' in _field(
        form, "done"
    )
