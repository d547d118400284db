import Foundation
import HandbookBuild
import Testing

/// What real handbooks written for other generators showed: their conventions are not
/// mistaken for typos, and what cannot be used is named with the way out.
@Suite struct MigrationTests {
    @Test func otherGeneratorsKeysAreNotTyposButNearMissesAre() throws {
        let site = try ScratchSite([
            "Content/stage.md": "---\ntitle: Stage\nstage: plan\ngroup: ux\n---\nText.\n",
            "Content/titel.md": "---\ntitel: Typo\n---\nText.\n",
            "Content/case.md": "---\nTitle: Case\n---\nText.\n",
        ])
        #expect(
            ScratchSite.lines(site.build()) == [
                "Content/case.md:2:1: error: unknown front matter key 'Title'; did you mean 'title'? [unknown-key]",
                "Content/titel.md:2:1: error: unknown front matter key 'titel'; did you mean 'title'? [unknown-key]",
            ])
    }

    @Test func aLinkToAPagesAddressInAnotherGeneratorNamesTheFile() throws {
        let site = try ScratchSite([
            "Content/roles/lead.md": "# Lead\n",
            "Content/guide.md": "# Guide\n\n[lead](roles/lead.html)\n",
        ])
        let report = site.build()
        #expect(report.diagnostics.map { $0.hint ?? "" } == ["did you mean 'roles/lead.md'? write links to pages as their .md files"])
    }

    @Test func aPageWithAnUnknownLayoutIsStillMade() throws {
        let site = try ScratchSite([
            "Content/site.yml": "title: T\nchecks: { unknown-layout: warning }\n",
            "Content/guide.md": "---\ntitle: Guide\nlayout: handbook-page-toc\n---\nText.\n",
        ])
        let report = site.build()
        #expect(
            ScratchSite.lines(report) == [
                "Content/guide.md:3:9: warning: layout 'handbook-page-toc' is not a template of the theme; the page is made with 'page' [unknown-layout]"
            ])
        #expect(site.page("guide/index.html").contains("Text."))
    }
}
