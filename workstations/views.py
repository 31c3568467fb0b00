from django.shortcuts import render

from workstations.selectors import workstation_list_public


def home(request):
    """`/`: every workstation, the way to submit, the way to track a case."""
    return render(request, "workstations/home.html", {"workstations": workstation_list_public()})
