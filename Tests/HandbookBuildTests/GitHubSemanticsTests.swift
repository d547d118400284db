import Foundation
import HandbookBuild
import Testing

/// A handbook that renders on GitHub builds as GitHub shows it: titles, heading ids and links
/// resolve the way they do in a repository.
@Suite struct GitHubSemanticsTests {
    /// The `id="..."` values of a page, in order.
    static func ids(_ html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #" id="([^"]*)""#)
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
            String(html[Range($0.range(at: 1), in: html)!])
        }
    }

    /// The text of the page's `<h1>` elements.
    static func h1s(_ html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"<h1[^>]*>([^<]*)"#)
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
            String(html[Range($0.range(at: 1), in: html)!])
        }
    }

    @Test func titlesComeFromFrontMatterThenAnyHeadingThenTheFileName() throws {
        let site = try ScratchSite([
            "Content/given.md": "---\ntitle: Given\n---\n## Overview\n\nText.\n",
            "Content/deep.md": "## Only a second-level heading\n\nText.\n\n### Below\n",
            "Content/late.md": "Some words first.\n\n### A late heading\n",
            "Content/time-off.md": "No heading at all.\n",
            "Content/badges.md": "[Read on the web](https://example.com)\n\n# Badges first\n\nText.\n",
        ])
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(Self.h1s(site.page("given/index.html")) == ["Given"])
        #expect(site.page("given/index.html").contains("<h2 id=\"overview\">Overview"), "a titled page keeps its leading h2")
        // A leading heading used as the title is shown once, as the page's h1, with its id.
        let deep = site.page("deep/index.html")
        #expect(Self.h1s(deep) == ["Only a second-level heading"])
        #expect(deep.contains("<h1 id=\"only-a-second-level-heading\">"))
        #expect(!deep.contains("<h2 id=\"only-a-second-level-heading\">"))
        #expect(site.page("late/index.html").contains("<title>A late heading"))
        #expect(Self.h1s(site.page("time-off/index.html")) == ["Time off"])
        #expect(Self.h1s(site.page("badges/index.html")) == ["Badges first"], "an h1 after a line of links is the title, once")
    }

    @Test func everyHeadingHasItsGitHubIdAndTheLeadingOneKeepsIt() throws {
        let site = try ScratchSite([
            "Content/other.md": "# Heading\n\nText.\n\n# Heading\n\n## Sub heading\n",
            "Content/guide.md": """
            # Guide

            See [the top](other.md#heading), [the second](other.md#heading-1) and [sub](other.md#sub-heading).
            Also [this page's title](#guide).
            """,
        ])
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let other = site.page("other/index.html")
        #expect(other.contains("<h1 id=\"heading\">Heading</h1>"), "the lifted title keeps its anchor")
        #expect(other.contains("<h1 id=\"heading-1\">Heading"), "a body h1 has an id, the second of its name")
        #expect(other.contains("<h2 id=\"sub-heading\">"))
    }

    @Test func theThemesIdsNeverCollideWithAHeadingsId() throws {
        let headings = [
            "Main", "Sidebar", "Details", "Referenced by", "Toc title", "Search input", "Search results", "Search hint",
            "Search result 0",
        ]
        let body = headings.map { "## \($0)\n\nText.\n" }.joined(separator: "\n")
        let site = try ScratchSite([
            "Content/site.yml": "title: T\ncollections:\n  roles: { fields: { level: string } }\n",
            "Content/roles/analyst.md": "---\ntitle: Analyst\nlevel: one\n---\n\(body)",
            "Content/guide.md": "---\ntitle: Guide\n---\n\(body)\n[main](#main) [details](roles/analyst.md#details)\n",
        ])
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        for path in ["guide/index.html", "roles/analyst/index.html"] {
            let ids = Self.ids(site.page(path))
            #expect(Set(ids).count == ids.count, "\(path): \(ids)")
            #expect(ids.contains("main") && ids.contains("details") && ids.contains("search-result-0"), "\(ids)")
        }
    }

    /// The `<a href>` targets of a page's body, in order.
    static func bodyLinks(_ html: String) -> [String] {
        guard let start = html.range(of: "<div class=\"prose\">"),
            let end = html.range(of: "</div>", range: start.upperBound..<html.endIndex)
        else { return [] }
        let body = String(html[start.upperBound..<end.lowerBound])
        let pattern = try! NSRegularExpression(pattern: #"<a href="([^"]*)""#)
        return pattern.matches(in: body, range: NSRange(body.startIndex..., in: body)).map {
            String(body[Range($0.range(at: 1), in: body)!])
        }.filter { !$0.hasPrefix("#") }
    }

    @Test func linksResolveAsInARepository() throws {
        let site = try ScratchSite([
            "Content/README.md": """
            # Our handbook

            [team](team/) [team](team) [people](team/README.md#people) [space](my%20page.md) [query](team/?tab=2)
            [up](guides/setup.md) [index](guides/index.md)
            """,
            "Content/team/README.md": "# The team\n\n## People\n",
            "Content/team/alice.md": "# Alice\n\n[up](../) [home](../README.md) [guides](../guides/)\n",
            "Content/my page.md": "# My page\n",
            "Content/guides/index.md": "# Guides\n",
            "Content/guides/setup.md": "# Setup\n",
        ])
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(Self.h1s(site.page("index.html")) == ["Our handbook"], "README.md is the home page")
        #expect(
            Self.bodyLinks(site.page("index.html")) == [
                "team/index.html", "team/index.html", "team/index.html#people", "my%20page/index.html", "team/index.html?tab=2",
                "guides/setup/index.html", "guides/index.html",
            ])
        #expect(Self.h1s(site.page("team/index.html")) == ["The team"], "a folder's README.md is its page")
        #expect(Self.bodyLinks(site.page("team/alice/index.html")) == ["../../index.html", "../../index.html", "../../guides/index.html"])
    }

    @Test func twoPagesForOneFolderAreOneErrorNamingBoth() throws {
        let site = try ScratchSite([
            "Content/team/_index.md": "# Team\n\n## People\n",
            "Content/team/README.md": "# Team readme\n",
            "Content/guide.md": "# Guide\n\n[a](team/README.md#people) [b](team/_index.md) [c](team/)\n",
        ])
        let report = site.build()
        #expect(
            ScratchSite.lines(report) == [
                "Content/team/README.md:1:1: error: Content/team/README.md and Content/team/_index.md would both be the page of folder 'team/' [duplicate-index]"
            ])
    }

    @Test func referenceStyleLinksAreReportedAtTheirDefinition() throws {
        let site = try ScratchSite([
            "Content/guide.md": """
            # Guide

            See [the plan][plan], [the goals] and [inline](nope.md).

            [plan]: plan.md
              [the goals]:
                goals.md#top
            """
        ])
        #expect(
            ScratchSite.lines(site.build()) == [
                "Content/guide.md:3:39: error: link to 'nope.md', but Content/nope.md does not exist [broken-link]",
                "Content/guide.md:5:1: error: link to 'plan.md', but Content/plan.md does not exist [broken-link]",
                "Content/guide.md:6:3: error: link to 'goals.md#top', but Content/goals.md does not exist [broken-link]",
            ])
    }

    @Test func hintsNameFilesThatExistAndPreferPagesToFolderPages() throws {
        let site = try ScratchSite([
            "Content/team/_index.md": "# Team\n",
            "Content/team/abcde.md": "# A\n",
            "Content/guides/setup.md": "# Setup\n",
            "Content/guide.md": "# Guide\n\n[a](team/x.md) [b](guides/indx.md)\n",
        ])
        let report = site.build()
        #expect(
            report.diagnostics.map { $0.hint ?? "" } == [
                "did you mean 'team/abcde.md'?", "did you mean 'guides/setup.md'?",
            ])
    }

    @Test func aLinkToAFolderWithoutAPageSaysSo() throws {
        let site = try ScratchSite([
            "Content/images/logo.png": "png",
            "Content/guide.md": "# Guide\n\n[pictures](images/)\n",
        ])
        #expect(ScratchSite.lines(site.build()) == ["Content/guide.md:3:1: error: link to 'images/', a folder with no page [broken-link]"])
    }

    @Test func aPageBesideItsFolderIsTheFoldersPage() throws {
        let site = try ScratchSite([
            "Content/commands.md": "# Commands\n\nSee [block](commands/block.md) and [below](#sub).\n\n## Sub\n",
            "Content/commands/block.md": "# Block\n\n[Up](../commands.md#sub), [binding](block/binding.md)\n",
            "Content/commands/block/binding.md": "# Binding\n\n[Up](../block.md)\n",
        ])
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let commands = site.page("commands/index.html")
        #expect(Self.h1s(commands) == ["Commands"])
        #expect(Self.bodyLinks(commands) == ["../commands/block/index.html"])
        #expect(commands.contains("<span class=\"card-title\">Block</span>"), "the folder's page lists its pages")
        #expect(
            Self.bodyLinks(site.page("commands/block/index.html")) == [
                "../../commands/index.html#sub", "../../commands/block/binding/index.html",
            ])
        #expect(Self.bodyLinks(site.page("commands/block/binding/index.html")) == ["../../../commands/block/index.html"])
    }
}
