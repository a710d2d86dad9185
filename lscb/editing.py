"""The one create/edit view: every register's "Add …" and "Edit …" page is this view
with its own form, template and destination.

GET shows the form for ``instance`` (a blank one when None); a valid POST saves it in
one transaction, says so and redirects; an invalid POST shows the form again with its
errors. The same form sent twice is saved once (:mod:`lscb.once`). Any other method is
refused (405): views that take a form accept only GET and POST.
"""

import copy

from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from . import once

FORM_METHODS = ("GET", "POST")

# For every view that shows and takes a form: anything but GET and POST is a 405.
takes_form = require_http_methods(FORM_METHODS)


def edit(request, form_class, *, instance=None, done, template="plans/register_form.html",
         saved="{} saved.", save=None, formset=None, context=None, **form_kwargs):
    """Create or edit one record.

    ``done`` is where a save goes: a URL name or path, or a function of the saved record;
    ``saved`` is the message, formatted with the record; ``save(form)`` replaces
    ``form.save()`` when saving does more (e.g. ending memberships). ``formset`` is an
    inline formset class and its name (prefix and template variable) for the record's
    numbered lines, saved with it or not at all.
    """
    if request.method not in FORM_METHODS:
        return HttpResponseNotAllowed(FORM_METHODS)
    if answered := once.replayed(request):
        return answered
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    # The form works on a copy: an invalid POST must not change the record the page
    # shows (its title, its links) to what was typed.
    form = form_class(*data, instance=copy.copy(instance), **form_kwargs)
    lines = None
    if formset:
        formset_class, name = formset
        lines = formset_class(*data, instance=form.instance, prefix=name)
    if request.method == "POST" and form.is_valid() and (lines is None or lines.is_valid()):
        def store():
            record = save(form) if save else form.save()
            if lines is not None:
                lines.instance = record
                lines.save()
            return record

        return once.save_once(request, store, done, saved)
    extra = {formset[1]: lines} if formset else {}
    return render(request, template, {"form": form, "object": instance, **extra, **(context or {})})
