import Foundation
import HandbookBuild
import Testing

/// What a page's writer meant is shown, or the build says why it is not.
@Suite struct NothingDisappearsTests {
    @Test func aOneLineAlertIsAnAlertWithAWarning() throws {
        let site = try ScratchSite([
            "Content/guide.md": """
            # Guide

            > [!NOTE] Read this **first**.

            > [!TIP]
            > The usual way.
            """
        ])
        let report = site.build()
        #expect(
            ScratchSite.lines(report) == [
                "Content/guide.md:3:1: warning: `[!NOTE]` has text after it on its line: shown as an alert here, GitHub shows a plain quote [one-line-alert]"
            ])
        let html = site.page("guide/index.html")
        #expect(html.contains("<p class=\"alert-title\">Note</p>\n<p>Read this <strong>first</strong>.</p>"), "\(html)")
        #expect(html.contains("<p class=\"alert-title\">Tip</p>\n<p>The usual way.</p>"))
        #expect(!html.contains("[!NOTE]"))
    }

    @Test func anotherGeneratorsTemplateTagsAreOneWarningPerPage() throws {
        let site = try ScratchSite([
            "Content/video.md": """
            # Video

            {{< youtube abc123 >}}

            See {% include note.html %} and {{< youtube def >}}, but not `{{< code >}}`.

            ## Custom id {#custom}

                {% raw %}
            """,
            "Content/plain.md": "# Plain\n\nBraces { and {{ alone are text.\n",
        ])
        let report = site.build()
        #expect(
            ScratchSite.lines(report) == [
                "Content/video.md:3:1: warning: page uses another site generator's syntax 4 times (`{{< youtube >}}`, `{% include %}`, `{#id} after a heading`), which handbook, like GitHub, shows as text [foreign-template-syntax]"
            ])
        #expect(site.page("video/index.html").contains("{{&lt; youtube abc123 &gt;}}"), "the tag stays visible")
    }

    @Test func anEmptyPageNamesTheKeysThatHoldItsText() throws {
        let site = try ScratchSite([
            "Content/jobs/engineer.md": "---\ntitle: Engineer\nresponsibilities: |\n  Build things.\nlevels: [junior, senior]\n---\n",
            "Content/jobs/nothing.md": "---\ntitle: Nothing\n---\n\n",
            "Content/jobs/_index.md": "---\ntitle: Jobs\n---\n",
        ])
        let report = site.build()
        #expect(
            ScratchSite.lines(report) == [
                "Content/jobs/engineer.md:3:1: warning: page shows nothing: its body is empty and its text is in front-matter keys the site does not declare: 'responsibilities', 'levels' [empty-page]"
            ], "a stub with only a title loses nothing and is not reported")
        #expect(
            report.diagnostics.first?.hint
                == "declare a collection for its folder in Content/site.yml, e.g. `collections: { jobs: { folder: jobs, fields: { responsibilities: text, levels: list } } }`, so its pages show these fields; or move the text into the body"
        )
        // Declared as the hint says, the text shows and the warning is gone.
        let declared = try ScratchSite([
            "Content/site.yml": "title: T\ncollections: { jobs: { folder: jobs, fields: { responsibilities: text, levels: list } } }\n",
            "Content/jobs/engineer.md": "---\ntitle: Engineer\nresponsibilities: |\n  Build things.\nlevels: [junior, senior]\n---\n",
        ])
        let again = declared.build()
        #expect(again.diagnostics.isEmpty, "\(again.diagnostics)")
        #expect(declared.page("jobs/engineer/index.html").contains("Build things."))
    }

    @Test func anAnchorInAnotherLetterCaseIsAWarning() throws {
        let site = try ScratchSite([
            "Content/guide.md": "# Guide\n\n[setup](#Getting-Started) [café](#caf%C3%A9)\n\n## Getting started\n\n## Café\n"
        ])
        let report = site.build()
        #expect(
            ScratchSite.lines(report) == [
                "Content/guide.md:3:1: warning: link to '#Getting-Started', but the heading's id is 'getting-started' [anchor-case]"
            ])
        #expect(report.exitCode == 0)
    }

    @Test func aPageNoNavigationLeadsToIsAWarning() throws {
        // A theme whose pages show their content and nothing else: no sidebar, listing or pager.
        let bare = "<!DOCTYPE html><title>{{page.title}}</title>{{{page.content}}}\n"
        var files = [
            "Content/site.yml": "title: T\ntheme: bare\n",
            "Content/_index.md": "# Home\n\n[Linked](linked.md)\n",
            "Content/linked.md": "# Linked\n\n[Deeper](team/deeper.md)\n",
            "Content/team/deeper.md": "# Deeper\n",
            "Content/team/lost.md": "# Lost\n",
            "Content/orphan.md": "# Orphan\n",
        ]
        for layout in ["page", "section", "home", "entry"] { files["Themes/bare/templates/\(layout).mustache"] = bare }
        let site = try ScratchSite(files)
        #expect(
            ScratchSite.lines(site.build()) == [
                "Content/orphan.md:1:1: warning: no navigation leads to this page: the theme shows no sidebar, listing or pager that reaches it, and no page links to it [unreachable-page]",
                "Content/team/lost.md:1:1: warning: no navigation leads to this page: the theme shows no sidebar, listing or pager that reaches it, and no page links to it [unreachable-page]",
            ])
        // The default theme's sidebar and pager reach every page.
        files = files.filter { !$0.key.hasPrefix("Themes/") }
        files["Content/site.yml"] = "title: T\n"
        let plain = try ScratchSite(files)
        #expect(plain.build().diagnostics.isEmpty)
    }
}
