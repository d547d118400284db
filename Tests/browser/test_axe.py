"""axe-core finds no accessibility violations on any kind of page, light or dark, nor in
the open search results."""

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from handbook_browser import DARK_BG, LIGHT_BG, PAGE_TYPES, body_background, load, page_url, settle, wait


def set_theme(driver, base, theme):
    driver.execute_script("localStorage.setItem('handbook-theme', arguments[0])", theme)


def describe(violations):
    lines = []
    for v in violations:
        nodes = "; ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                          for n in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} nodes: {nodes}]")
    return "\n".join(lines)


def axe_violations(driver):
    axe = Axe(driver)
    axe.inject()
    return axe.run()["violations"]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_axe_violations(driver, http_base, kind, theme):
    url = page_url(http_base, PAGE_TYPES[kind])
    load(driver, url)
    set_theme(driver, http_base, theme)
    load(driver, url)
    assert body_background(driver) == (DARK_BG if theme == "dark" else LIGHT_BG)
    settle(driver)
    violations = axe_violations(driver)
    assert not violations, f"{kind} ({theme}):\n{describe(violations)}"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_axe_violations_with_search_results_open(driver, http_base, theme):
    url = page_url(http_base, "roles/")
    load(driver, url)
    set_theme(driver, http_base, theme)
    load(driver, url)
    box = driver.find_element(By.ID, "SearchInput")
    box.click()
    box.send_keys("product")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#SearchResults .search-result-snippet"))
    box.send_keys("\ue015")  # ArrowDown: one result selected
    settle(driver, 0.1)
    violations = axe_violations(driver)
    assert not violations, f"search results ({theme}):\n{describe(violations)}"
    box.clear()
    box.send_keys("zzqqxxunfindable")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#SearchResults .search-empty"))
    violations = axe_violations(driver)
    assert not violations, f"empty search results ({theme}):\n{describe(violations)}"
