"""Search from the header box: finds a role by a word from its body, the result opens the
role's page by click and by keyboard, over HTTP and from file://."""

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from handbook_browser import CONTENT, load, page_url, severe_logs, wait

# A word found only in the body of Content/roles/product-owner.md.
WORD = "interchangeable"
TARGET = "roles/product-owner/"
TARGET_H1 = "Product Owner"


def results(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#SearchResults .search-result")


def target_result(driver):
    for index, result in enumerate(results(driver)):
        if result.get_attribute("href").endswith(TARGET + "index.html"):
            return index, result
    return None


def type_query(driver, text):
    box = driver.find_element(By.ID, "SearchInput")
    box.click()
    box.clear()
    box.send_keys(text)
    return box


def wait_for_target(driver):
    return wait(driver, lambda d: target_result(d), message=f"no search result for {TARGET}")


def test_word_is_in_the_role_body():
    source = CONTENT / "roles" / "product-owner.md"
    if not source.exists():
        pytest.skip("no Content/ beside this output")
    body = source.read_text(encoding="utf-8").split("\n---", 1)[1]
    assert re.search(rf"\b{WORD}\b", body, re.I), f"{WORD!r} is not in the body of {source}"


def test_search_box_is_shown_and_slash_focuses_it(driver, base):
    load(driver, page_url(base, "guides/"))
    assert driver.find_element(By.CSS_SELECTOR, ".search").is_displayed()
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    wait(driver, lambda d: d.switch_to.active_element.get_attribute("id") == "SearchInput",
         message="/ did not focus the search box")


def test_click_on_result_opens_the_role(driver, base):
    load(driver, page_url(base, "guides/when-to-hire/"))  # two folders deep: data-root is ../../
    severe_logs(driver)
    type_query(driver, WORD)
    index, result = wait_for_target(driver)
    listbox = driver.find_element(By.ID, "SearchResults")
    assert listbox.is_displayed()
    assert listbox.get_attribute("role") == "listbox"
    assert result.get_attribute("role") == "option"
    title = result.find_element(By.CSS_SELECTOR, ".search-result-title").text
    assert title == TARGET_H1
    assert result.find_element(By.CSS_SELECTOR, ".search-result-section").text == "Roles"
    # The snippet arrives with the page text and marks the word.
    snippet = wait(driver, lambda d: d.find_elements(
        By.CSS_SELECTOR, f"#SearchResult-{index} .search-result-snippet mark"), message="no snippet")
    assert snippet[0].text.lower() == WORD
    assert len(result.find_element(By.CSS_SELECTOR, ".search-result-snippet").text) <= 200
    assert not severe_logs(driver)
    result.click()
    wait(driver, lambda d: d.current_url.endswith(TARGET + "index.html"), message="did not open the role")
    assert driver.find_element(By.TAG_NAME, "h1").text == TARGET_H1


def test_keyboard_selection_and_enter_open_the_role(driver, base):
    load(driver, page_url(base, ""))
    box = type_query(driver, WORD)
    index, _ = wait_for_target(driver)
    for _ in range(index + 1):
        box.send_keys(Keys.ARROW_DOWN)
    active = box.get_attribute("aria-activedescendant")
    assert active == f"SearchResult-{index}"
    assert driver.find_element(By.ID, active).get_attribute("aria-selected") == "true"
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: d.current_url.endswith(TARGET + "index.html"), message="Enter did not open the role")
    assert driver.find_element(By.TAG_NAME, "h1").text == TARGET_H1
    assert not severe_logs(driver)


def test_prefix_title_marks_and_escape(driver, base):
    load(driver, page_url(base, "roles/"))
    box = type_query(driver, "product own")
    wait(driver, lambda d: results(d), message="no results for 'product own'")
    first = results(driver)[0]
    assert first.get_attribute("href").endswith(TARGET + "index.html"), "the title match should come first"
    marks = [m.text for m in first.find_elements(By.CSS_SELECTOR, ".search-result-title mark")]
    assert marks == ["Product", "Owner"]
    assert len(results(driver)) <= 10
    box.send_keys(Keys.ESCAPE)
    wait(driver, lambda d: not d.find_element(By.ID, "SearchResults").is_displayed(), message="Escape kept the list open")
    assert box.get_attribute("value") == ""
    type_query(driver, "zzqqxxunfindable")
    empty = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#SearchResults .search-empty"),
                 message="no empty-result message")
    assert "zzqqxxunfindable" in empty[0].text
    assert not severe_logs(driver)


def test_inserted_text_is_escaped(driver, http_base):
    load(driver, page_url(http_base, ""))
    type_query(driver, "<img src=x onerror=alert(1)>")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#SearchResults .search-empty, #SearchResults .search-result"))
    assert not driver.find_elements(By.CSS_SELECTOR, "#SearchResults img")
