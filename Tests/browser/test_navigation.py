"""Sidebar, breadcrumbs and previous/next links lead where they say, and the sidebar marks
the page you are on."""

from selenium.webdriver.common.by import By

from handbook_browser import load, page_url, wait

START = "roles/product-owner/"

LINKS_JS = """
return Array.from(document.querySelectorAll(arguments[0])).map(a => {
  const details = a.closest('details');
  const summary = details ? details.querySelector('summary') : null;
  return {href: a.href, text: a.textContent.trim(), current: a.getAttribute('aria-current'),
          section: summary ? summary.textContent.trim() : null};
});"""


def page_title(driver):
    """The page's own title: <title> without the ' · Site' suffix."""
    return driver.execute_script("return document.title").split(" \u00b7 ")[0]


def h1(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


def current_sidebar_links(driver):
    return [link["href"] for link in driver.execute_script(LINKS_JS, ".sidebar-nav a")
            if link["current"] == "page"]


def test_sidebar_links_lead_where_they_say(driver, http_base):
    start = page_url(http_base, START)
    load(driver, start)
    links = driver.execute_script(LINKS_JS, ".sidebar-nav a")
    assert len(links) >= 10
    assert current_sidebar_links(driver) == [start], "the current page's sidebar link needs aria-current=\"page\""
    problems = []
    for link in links:
        load(driver, link["href"])
        if driver.current_url != link["href"]:
            problems.append(f"{link['text']}: landed on {driver.current_url}")
            continue
        if link["text"] == "Home":
            expected = None
        elif link["text"] == "Overview":
            expected = link["section"]
        else:
            expected = link["text"]
        if expected is not None and page_title(driver) != expected:
            problems.append(f"{link['text']}: page title is {page_title(driver)!r}, expected {expected!r}")
        if not driver.find_elements(By.TAG_NAME, "h1"):
            problems.append(f"{link['text']}: no h1")
        if current_sidebar_links(driver) != [link["href"]]:
            problems.append(f"{link['text']}: sidebar aria-current=page on {current_sidebar_links(driver)}")
    assert not problems, "\n".join(problems)


def test_clicking_a_sidebar_link(driver, http_base):
    load(driver, page_url(http_base, START))
    link = driver.find_element(By.CSS_SELECTOR, ".sidebar-nav details[open] a[href$='/product-manager/index.html']")
    text = link.text
    link.click()
    wait(driver, lambda d: d.current_url.endswith("roles/product-manager/index.html"))
    assert h1(driver) == text


def test_breadcrumbs_lead_to_ancestors(driver, http_base):
    start = page_url(http_base, START)
    load(driver, start)
    crumbs = driver.execute_script(LINKS_JS, ".breadcrumbs a")
    here = driver.find_element(By.CSS_SELECTOR, ".breadcrumbs [aria-current='page']").text
    assert here == page_title(driver) == h1(driver)
    assert [c["text"] for c in crumbs] == ["Home", "Roles"]
    assert crumbs[0]["href"] == page_url(http_base, "")
    assert crumbs[1]["href"] == page_url(http_base, "roles/")
    driver.find_element(By.CSS_SELECTOR, ".breadcrumbs li:nth-child(2) a").click()
    wait(driver, lambda d: d.current_url == crumbs[1]["href"])
    assert h1(driver) == "Roles"
    driver.find_element(By.CSS_SELECTOR, ".breadcrumbs li:first-child a").click()
    wait(driver, lambda d: d.current_url == crumbs[0]["href"])
    assert driver.find_elements(By.CSS_SELECTOR, ".home h1")


def test_previous_and_next_chain(driver, http_base):
    """Walks the whole chain by 'Next' from the home page: each link lands on the page it
    names, and that page's 'Previous' leads back."""
    url = page_url(http_base, "")
    load(driver, url)
    seen = {url}
    problems = []
    for _ in range(300):
        nexts = driver.find_elements(By.CSS_SELECTOR, ".pager a[rel='next']")
        if not nexts:
            break
        name = nexts[0].find_element(By.CSS_SELECTOR, ".pager-title").text
        target = nexts[0].get_attribute("href")
        nexts[0].click()
        wait(driver, lambda d: d.current_url == target, message=f"Next from {url} did not go to {target}")
        if page_title(driver) != name:
            problems.append(f"Next from {url} is labelled {name!r} but lands on {page_title(driver)!r}")
        back = driver.find_elements(By.CSS_SELECTOR, ".pager a[rel='prev']")
        if not back or back[0].get_attribute("href") != url:
            problems.append(f"{target}: Previous does not lead back to {url}")
        if target in seen:
            problems.append(f"the chain loops at {target}")
            break
        seen.add(target)
        url = target
    assert len(seen) > 10, "the previous/next chain is too short"
    assert not problems, "\n".join(problems)


def test_pages_work_without_javascript(driver, http_base):
    """Without JS the search box and theme toggle stay hidden and the links still work."""
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        load(driver, page_url(http_base, START))
        assert not driver.find_element(By.CSS_SELECTOR, ".search").is_displayed()
        assert not driver.find_element(By.CSS_SELECTOR, ".theme-toggle").is_displayed()
        assert h1(driver) == "Product Owner"
        driver.find_element(By.CSS_SELECTOR, ".pager a[rel='next']").click()
        wait(driver, lambda d: d.current_url != page_url(http_base, START))
        driver.find_element(By.CSS_SELECTOR, ".breadcrumbs li:first-child a").click()
        wait(driver, lambda d: d.current_url == page_url(http_base, ""))
        assert driver.find_elements(By.CSS_SELECTOR, ".home h1")
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
