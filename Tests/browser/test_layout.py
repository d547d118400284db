"""Phone layout: nothing scrolls sideways at 390 px or at the narrowest supported 360 px. Desktop: the table of contents marks
the section in view."""

import pytest
from selenium.webdriver.common.by import By

from handbook_browser import DESKTOP, PHONE, load, page_url, set_viewport, settle, wait

PHONE_PAGES = [
    "",
    "roles/technical-product-manager/",
    "comparisons/tpm-vs-pm/",
    "career-paths/moving-into-tpm/",
    "career-paths/product-leadership/",
    "roles/compare/",
    "roles/compare/product-manager-vs-technical-product-manager/",
    "glossary/",
    "guides/salaries/",
]


@pytest.fixture(scope="module")
def phone(driver):
    set_viewport(driver, PHONE)
    yield driver
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("phone_width", [390, 360])
@pytest.mark.parametrize("path", PHONE_PAGES)
def test_no_sideways_scroll_on_phone(phone, http_base, path, phone_width):
    set_viewport(phone, {**PHONE, "width": phone_width})
    load(phone, page_url(http_base, path))
    settle(phone)
    width = phone.execute_script("return document.documentElement.clientWidth")
    assert width == phone_width
    scroll = phone.execute_script("return document.documentElement.scrollWidth")
    culprits = phone.execute_script("""
        const w = document.documentElement.clientWidth, out = [];
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.right > w + 0.5 && getComputedStyle(el).position !== 'fixed') {
            let inScroller = false;
            for (let p = el.parentElement; p; p = p.parentElement) {
              const o = getComputedStyle(p).overflowX;
              if (o === 'auto' || o === 'scroll' || o === 'hidden') { inScroller = true; break; }
            }
            if (!inScroller) out.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className : '') + ' ' + Math.round(r.right));
          }
        }
        return out.slice(0, 10);""")
    assert scroll <= width, f"{path or 'home'} scrolls sideways ({scroll} > {width}): {culprits}"


def test_toc_marks_section_in_view(driver, http_base):
    set_viewport(driver, DESKTOP)
    try:
        load(driver, page_url(http_base, "roles/technical-product-manager/"))
        links = driver.find_elements(By.CSS_SELECTOR, ".toc a[href^='#']")
        assert len(links) >= 3, "the role page should have a table of contents"
        assert links[0].is_displayed()
        target = links[2].get_attribute("hash")[1:]
        driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", target)
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f".toc a.active[href='#{target}']"),
             message=f"#{target} not marked active after scrolling to it")
        active = driver.find_elements(By.CSS_SELECTOR, ".toc a.active")
        assert len(active) == 1
        assert active[0].get_attribute("aria-current") == "true"
        assert len(driver.find_elements(By.CSS_SELECTOR, ".toc a[aria-current]")) == 1
        # Clicking an entry marks it, even near the end where it cannot reach the top.
        links[-1].click()
        last = links[-1].get_attribute("hash")[1:]
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f".toc a.active[href='#{last}']"),
             message="clicked entry not marked active")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
