"""The knowledge base pages: everyone handling cases searches it; office staff keep it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from knowledge import services
from knowledge.forms import EntryForm, SearchForm
from knowledge.permissions import may_manage_knowledge, may_read_knowledge
from knowledge.selectors import entries_for_reader, entry_get_for_manager
from petitions.workflow import TransitionError


def _require_reader(user):
    if not may_read_knowledge(user):
        raise Http404


@login_required
@never_cache
def entry_list(request):
    _require_reader(request.user)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    manager = may_manage_knowledge(request.user)
    return render(
        request,
        "knowledge/entry_list.html",
        {"form": form, "entries": entries_for_reader(user=request.user, query=query)[:100], "manager": manager},
    )


@login_required
@never_cache
def entry_edit(request, pk=None):
    if not request.user.has_perm(services.MANAGE):
        raise Http404
    entry = None
    if pk:
        entry = entry_get_for_manager(user=request.user, pk=pk)
        if entry is None:
            raise Http404
    form = EntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if entry is None:
                data.pop("is_active", None)
                services.entry_create(user=request.user, **data)
            else:
                services.entry_update(user=request.user, entry=entry, **data)
        except TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("知识库条目已保存。"))
            return redirect("knowledge:list")
    return render(request, "knowledge/entry_form.html", {"form": form, "entry": entry})
