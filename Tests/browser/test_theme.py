"""The dark palette: from the header toggle (remembered across reloads) and from the
system's prefers-color-scheme when the reader has made no choice."""

from selenium.webdriver.common.by import By

from handbook_browser import (DARK_BG, LIGHT_BG, body_background, clear_storage, load, page_url,
                              set_color_scheme, severe_logs, wait)


def toggle(driver):
    return driver.find_element(By.CSS_SELECTOR, ".theme-toggle")


def test_toggle_gives_dark_palette_and_survives_reload(driver, http_base):
    set_color_scheme(driver, "light")
    url = page_url(http_base, "roles/technical-product-manager/")
    load(driver, url)
    clear_storage(driver)
    load(driver, url)
    button = toggle(driver)
    assert button.is_displayed()
    assert body_background(driver) == LIGHT_BG
    assert button.get_attribute("aria-label") == "Use dark theme"

    button.click()
    wait(driver, lambda d: body_background(d) == DARK_BG, message="toggle did not give the dark palette")
    assert driver.execute_script("return document.documentElement.dataset.theme") == "dark"
    assert toggle(driver).get_attribute("aria-label") == "Use light theme"
    assert driver.execute_script("return localStorage.getItem('handbook-theme')") == "dark"

    driver.refresh()
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    assert body_background(driver) == DARK_BG, "the dark choice was lost on reload"
    assert toggle(driver).get_attribute("aria-label") == "Use light theme"
    # ... and on another page.
    load(driver, page_url(http_base, ""))
    assert body_background(driver) == DARK_BG

    toggle(driver).click()
    wait(driver, lambda d: body_background(d) == LIGHT_BG, message="toggle did not go back to light")
    driver.refresh()
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    assert body_background(driver) == LIGHT_BG
    assert not severe_logs(driver)
    clear_storage(driver)


def test_system_dark_preference_gives_dark_palette(driver, http_base):
    url = page_url(http_base, "comparisons/tpm-vs-pm/")
    load(driver, url)
    clear_storage(driver)
    try:
        set_color_scheme(driver, "dark")
        load(driver, url)
        assert body_background(driver) == DARK_BG
        assert toggle(driver).get_attribute("aria-label") == "Use light theme"
        # A saved light choice wins over the system preference.
        toggle(driver).click()
        wait(driver, lambda d: body_background(d) == LIGHT_BG, message="toggle did not override the system")
        driver.refresh()
        wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
        assert body_background(driver) == LIGHT_BG
        clear_storage(driver)
        driver.refresh()
        wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
        assert body_background(driver) == DARK_BG
        set_color_scheme(driver, "light")
        assert body_background(driver) == LIGHT_BG
        assert toggle(driver).get_attribute("aria-label") == "Use dark theme"
    finally:
        set_color_scheme(driver, None)
        clear_storage(driver)
