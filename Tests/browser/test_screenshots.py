"""Full-page screenshots to look at: home, a role and a comparison, light and dark,
desktop and phone, into HANDBOOK_SCREENSHOTS."""

import pytest

from handbook_browser import (DARK_BG, DESKTOP, LIGHT_BG, PHONE, body_background, full_page_png, load,
                              page_url, set_color_scheme, set_viewport, settle)

PAGES = {
    "home": "",
    "role": "roles/technical-product-manager/",
    "comparison": "comparisons/tpm-vs-pm/",
}
DEVICES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.mark.parametrize("device", list(DEVICES))
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_screenshot(driver, http_base, screenshots_dir, name, theme, device):
    set_viewport(driver, DEVICES[device])
    set_color_scheme(driver, theme)
    try:
        load(driver, page_url(http_base, PAGES[name]))
        driver.execute_script("try { localStorage.removeItem('handbook-theme') } catch (e) {}")
        load(driver, page_url(http_base, PAGES[name]))
        assert body_background(driver) == (DARK_BG if theme == "dark" else LIGHT_BG)
        settle(driver, 0.1)
        png = full_page_png(driver)
        path = screenshots_dir / f"{name}-{theme}-{device}.png"
        path.write_bytes(png)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    finally:
        set_color_scheme(driver, None)
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
