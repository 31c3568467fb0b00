"""The apps' dependency order (README, "Architecture") and no import circles, enforced.

import-linter reads the contracts in pyproject.toml ([tool.importlinter]): a layers contract for
the order between apps and an acyclic-siblings contract for circles inside an app, both counting
imports inside functions too. What import-linter cannot say is checked here on its import graph
(grimp): no circle between the apps of one layer, and nothing but `seed_demo` imports the demo.
"""

from pathlib import Path

import grimp
import pytest
from importlinter import configuration
from importlinter.application import output, rendering, use_cases

ROOT = Path(__file__).resolve().parent.parent
configuration.configure()


@pytest.fixture(scope="module")
def options():
    """The pyproject contracts, minus the packages not on this branch yet (audit is being written
    elsewhere); its layer is optional, "(audit)", so import-linter skips it until it exists."""
    user_options = use_cases.read_user_options(config_filename=str(ROOT / "pyproject.toml"))
    session = user_options.session_options
    present = {name for name in session["root_packages"] if (ROOT / name / "__init__.py").exists()}
    session["root_packages"] = sorted(present)
    for contract in user_options.contracts_options:
        if "ancestors" in contract:
            contract["ancestors"] = [name for name in contract["ancestors"] if name in present]
    return user_options


@pytest.fixture(scope="module")
def graph(options):
    return grimp.build_graph(*options.session_options["root_packages"], cache_dir=None)


def test_every_first_party_package_is_under_contract(options):
    # given the packages at the top of the repository
    on_disk = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests", "bench", "scripts"}

    # then each is a root package of the contracts, so none escapes the order
    assert on_disk - set(options.session_options["root_packages"]) == set()


def test_imports_follow_the_dependency_order_and_no_app_has_an_inner_circle(options):
    # when import-linter checks the contracts of pyproject.toml
    use_cases._register_contract_types(options)
    report = use_cases.create_report(options, cache_dir=None)

    # then every contract is kept; the broken ones are printed with the offending lines
    with output.console.capture() as captured:
        rendering.render_report(report)
    assert (report.contains_failures, report.broken_count) == (False, 0), captured.get()
    assert report.kept_count == len(options.contracts_options)


def _app_graph(graph, apps: list[str]) -> dict[str, set[str]]:
    edges = {app: set() for app in apps}
    for importer in graph.modules:
        source = importer.split(".")[0]
        if importer.startswith("common.demo") or source not in edges:
            continue  # the demo's imports are exempt from the order (pyproject.toml)
        for imported in graph.find_modules_directly_imported_by(importer):
            target = imported.split(".")[0]
            if target != source and target in edges:
                edges[source].add(target)
    return edges


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node, path):
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_no_import_circle_between_apps(options, graph):
    # given the apps' imports, squashed to one node per app (siblings of a layer may import each
    # other one way: departments reads proposals, never the reverse)
    edges = _app_graph(graph, options.session_options["root_packages"])

    # then following them never comes back to where it started
    assert _circles(edges) == []


def test_the_circle_check_finds_a_circle():
    # given two apps that import each other through a third
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    # then the check names the circle
    assert _circles(edges) == [["a", "b", "c", "a"]]


def test_only_seed_demo_imports_the_demo(graph):
    # given every module that imports a module of common.demo
    importers = set()
    for module in graph.find_descendants("common.demo") | {"common.demo"}:
        importers |= graph.find_modules_that_directly_import(module)

    # then apart from the demo itself it is the seed_demo command alone
    assert {m for m in importers if not m.startswith("common.demo")} == {"common.management.commands.seed_demo"}
