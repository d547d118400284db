import Foundation
import Testing

@testable import HandbookBuild

/// Incremental rebuilds are proven equal to clean ones: random sequences of edits (pages and
/// collection entries added, changed, renamed and deleted; site.yml and a template changed;
/// files copied from Content/ changed) are applied to the fixture site, and after every edit
/// the live site must hold exactly the files a clean build of the same folder makes, or fail
/// with exactly its diagnostics.
@Suite struct IncrementalTests {
    /// A small deterministic generator (SplitMix64), so a failing sequence can be replayed.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The site being edited, and the edits it knows how to make.
    struct Editor: SiteFileEditing {
        let root: URL
        var random: Random
        var counter = 0
        /// A link was broken on purpose: the next edit takes it out, so that most of the
        /// sequence builds and the live site goes from failing to good as often as back.
        var mustMend = false

        var content: URL { root.appendingPathComponent("Content") }

        func files(_ predicate: (String) -> Bool) -> [String] { Self.files(in: content, predicate) }

        /// Whether any other file names this page (by file name or id), so removing it would
        /// only make the build fail.
        func isReferenced(_ path: String) -> Bool {
            let name = (path as NSString).lastPathComponent
            let stem = (name as NSString).deletingPathExtension
            return files { $0.hasSuffix(".md") || $0.hasSuffix(".yml") }.contains { other in
                other != path && (read(other).contains(name) || read(other).contains(stem))
            }
        }

        mutating func word() -> String {
            ["apple", "river", "stone", "cloud", "maple", "ember", "delta", "quartz"].randomElement(using: &random)!
        }

        /// Makes one random edit; returns its description and the paths it touched, relative to
        /// the root.
        mutating func edit() throws -> (String, Set<String>) {
            let (description, paths) = try editContent()
            return (description, Set(paths.map { $0.hasPrefix("Themes/") ? $0 : "Content/" + $0 }))
        }

        /// Makes one random edit; returns its description and the paths under Content/ it
        /// touched (a theme file's path starts with Themes/).
        private mutating func editContent() throws -> (String, Set<String>) {
            counter += 1
            let pages = files { $0.hasSuffix(".md") }
            let plain = pages.filter { $0.hasPrefix("guides/step-") || $0.hasPrefix("notes/") }
            let choice = mustMend ? 13 : Int.random(in: 0..<22, using: &random)
            mustMend = false
            switch choice {
            case 0, 1:
                let page = pages.randomElement(using: &random)!
                let w = word()
                try write(page, read(page) + "\n\nEdit \(counter): \(w) and more \(w).\n")
                return ("append to \(page)", [page])
            case 2:
                let page = pages.randomElement(using: &random)!
                try write(page, read(page) + "\n\n## Heading \(counter) \(word())\n\nText under it.\n")
                return ("heading in \(page)", [page])
            case 3:
                let page = plain.randomElement(using: &random) ?? "guides/step-1.md"
                let text = read(page)
                let titled = text.replacingOccurrences(
                    of: #"(?m)^title: .*$"#, with: "title: Step \(word()) \(counter)", options: .regularExpression)
                try write(page, titled)
                return ("retitle \(page)", [page])
            case 4:
                let page = plain.randomElement(using: &random) ?? "guides/step-1.md"
                var text = read(page)
                if text.contains("weight:") {
                    text = text.replacingOccurrences(of: #"(?m)^weight: .*$"#, with: "", options: .regularExpression)
                } else {
                    text = text.replacingOccurrences(
                        of: "---\ntitle:", with: "---\nweight: \(Int.random(in: 1...9, using: &random))\ntitle:")
                }
                try write(page, text)
                return ("reweigh \(page)", [page])
            case 5:
                let folder = ["guides", "notes", "roles", "skills"].randomElement(using: &random)!
                let name = "\(folder)/new-\(counter).md"
                var front = "title: New \(word()) \(counter)\n"
                if folder == "roles" { front += "short: N\(counter)\nfocus: Doing \(word()).\n" }
                if folder == "skills" { front += "kind: technical\n" }
                let link = plain.randomElement(using: &random).map { "\n\nSee [a page](../\($0)).\n" } ?? ""
                try write(name, "---\n\(front)---\n\nA new page about \(word()).\(link)")
                return ("add \(name)", [name])
            case 6:
                guard let page = plain.filter({ !isReferenced($0) }).randomElement(using: &random) else { return ("nothing", []) }
                try FileManager.default.removeItem(at: content.appendingPathComponent(page))
                return ("delete \(page)", [page])
            case 7:
                guard let page = plain.filter({ !isReferenced($0) }).randomElement(using: &random) else { return ("nothing", []) }
                let target = "notes/moved-\(counter).md"
                try FileManager.default.createDirectory(
                    at: content.appendingPathComponent("notes"), withIntermediateDirectories: true)
                try FileManager.default.moveItem(at: content.appendingPathComponent(page), to: content.appendingPathComponent(target))
                return ("rename \(page) to \(target)", [page, target])
            case 8:
                let entry = ["roles/analyst.md", "roles/lead.md", "roles/director.md"].randomElement(using: &random)!
                let text = read(entry)
                let level = text.contains("level: senior") ? "junior" : "senior"
                let changed =
                    text.contains("level:")
                    ? text.replacingOccurrences(of: #"(?m)^level: .*$"#, with: "level: \(level)", options: .regularExpression)
                    : text.replacingOccurrences(of: "---\ntitle:", with: "---\nlevel: \(level)\ntitle:")
                try write(entry, changed)
                return ("level of \(entry)", [entry])
            case 9:
                let config = read("site.yml")
                let changed = config.replacingOccurrences(
                    of: #"(?m)^description: .*$"#, with: "description: Edited \(word()) \(counter).", options: .regularExpression)
                try write("site.yml", changed)
                return ("site.yml description", ["site.yml"])
            case 10:
                let template = root.appendingPathComponent("Themes/default/templates/partials/pager.mustache")
                let original = try String(
                    contentsOf: Fixtures.repository.appendingPathComponent(
                        "Themes/default/templates/partials/pager.mustache"), encoding: .utf8)
                let exists = FileManager.default.fileExists(atPath: template.path)
                try FileManager.default.createDirectory(at: template.deletingLastPathComponent(), withIntermediateDirectories: true)
                if exists && Bool.random(using: &random) {
                    try FileManager.default.removeItem(at: template)
                    return ("template override removed", ["Themes/default/templates/partials/pager.mustache"])
                }
                try Data((original + "<!-- edit \(counter) -->\n").utf8).write(to: template)
                return ("template edited", ["Themes/default/templates/partials/pager.mustache"])
            case 12:
                // A broken link in a body: the build fails until an edit takes it out.
                let page = pages.randomElement(using: &random)!
                let target = Bool.random(using: &random) ? "missing-\(counter).md" : "step-1.md#missing-\(counter)"
                try write(page, read(page) + "\n\nA [broken link](\(target)).\n")
                mustMend = true
                return ("broken link in \(page)", [page])
            case 13:
                let broken = pages.filter { read($0).contains("missing-") || read($0).contains("#anchor-target") }
                for page in broken {
                    let kept = read(page).split(separator: "\n", omittingEmptySubsequences: false).filter {
                        !$0.contains("missing-") && !$0.contains("#anchor-target")
                    }
                    try write(page, kept.joined(separator: "\n"))
                }
                return ("broken links taken out of \(broken.count) pages", Set(broken))
            case 14:
                // A page without front matter takes its title from its first heading.
                let untitled = pages.filter { $0.hasPrefix("notes/untitled-") }
                if let page = untitled.randomElement(using: &random), Bool.random(using: &random) {
                    let text = read(page)
                    if Bool.random(using: &random) {
                        try write(page, text + "\nMore about \(word()) \(counter).\n")
                        return ("append to untitled \(page)", [page])
                    }
                    let retitled = text.replacingOccurrences(
                        of: #"(?m)^# .*$"#, with: "# Untitled \(word()) \(counter)", options: .regularExpression)
                    try write(page, retitled)
                    return ("retitle untitled \(page) by its heading", [page])
                }
                let name = "notes/untitled-\(counter).md"
                try write(name, "# Untitled \(word()) \(counter)\n\nA page with no front matter.\n")
                return ("add \(name)", [name])
            case 15:
                let page = "roles/intern.md"
                try write(page, read(page) + "\nA draft's line \(counter).\n")
                return ("append to the draft \(page)", [page])
            case 16:
                // A heading that other pages' links point at comes and goes.
                let page = "guides/step-1.md"
                let text = read(page)
                if text.contains("## Anchor target") {
                    try write(page, text.replacingOccurrences(of: "\n## Anchor target\n", with: "\n"))
                    mustMend = pages.contains { read($0).contains("#anchor-target") }
                    return ("heading taken out of \(page)", [page])
                }
                try write(page, text + "\n## Anchor target\n")
                return ("heading put in \(page)", [page])
            case 17:
                let page = ["guides/step-2.md", "guides/step-9.md", "guides/step-10.md"].randomElement(using: &random)!
                try write(page, read(page) + "\nSee [the target](step-1.md#anchor-target).\n")
                mustMend = !read("guides/step-1.md").contains("## Anchor target")
                return ("link to a heading in \(page)", [page])
            case 18:
                // A section's title shows in breadcrumbs, sidebars, listings and search results.
                let page = ["guides/_index.md", "roles/_index.md"].randomElement(using: &random)!
                let text = read(page).replacingOccurrences(
                    of: #"(?m)^title: .*$"#, with: "title: Section \(word()) \(counter)", options: .regularExpression)
                try write(page, text)
                return ("retitle the section \(page)", [page])
            case 19:
                // A summary shows in the section's listing and the neighbours' pager.
                let page = pages.filter { !$0.hasPrefix("notes/untitled-") }.randomElement(using: &random)!
                var text = read(page)
                if text.contains("\nsummary:") {
                    text = text.replacingOccurrences(of: #"(?m)^summary: .*\n"#, with: "", options: .regularExpression)
                } else {
                    text = text.replacingOccurrences(of: "---\ntitle:", with: "---\nsummary: About \(word()).\ntitle:")
                }
                try write(page, text)
                return ("summary of \(page)", [page])
            case 20:
                // An entry's references: the backlinks on the skills, the pair pages.
                let entry = ["roles/analyst.md", "roles/lead.md", "roles/director.md"].randomElement(using: &random)!
                let skills = [["sql"], ["listening"], ["sql", "listening"], []].randomElement(using: &random)!
                let text = read(entry)
                let list = "skills: [\(skills.joined(separator: ", "))]"
                let changed =
                    text.contains("\nskills:")
                    ? text.replacingOccurrences(of: #"(?m)^skills: .*$"#, with: list, options: .regularExpression)
                    : text.replacingOccurrences(of: "---\ntitle:", with: "---\n\(list)\ntitle:")
                try write(entry, changed)
                return ("skills of \(entry)", [entry])
            case 21:
                // A referenced entry's title shows on every page that names it.
                let entry = ["skills/sql.md", "skills/listening.md", "roles/lead.md"].randomElement(using: &random)!
                let text = read(entry).replacingOccurrences(
                    of: #"(?m)^title: .*$"#, with: "title: Entry \(word()) \(counter)", options: .regularExpression)
                try write(entry, text)
                return ("retitle the entry \(entry)", [entry])
            default:
                try write("guides/deep/diagram.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>\(word()) \(counter)</title></svg>")
                return ("static file changed", ["guides/deep/diagram.svg"])
            }
        }
    }

    /// Seeds 1 to 5 edit the fixture (104 edits each). Seeds 6 and 7 edit it with 420 more
    /// pages in subfolders (52 edits each): above `NavRenderer.fullTreeLimit` a sidebar lists
    /// only the open sections' pages, so a change reaches fewer pages through the sidebar and
    /// the other ways a page shows another (pager, breadcrumbs, listings, backlinks) are tested.
    @Test(arguments: [(1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 420), (7, 420)])
    func randomEditsEqualCleanBuilds(seed: UInt64, filler: Int) throws {
        let root = try Fixtures.temporaryFolder("incremental\(seed)")
        try FileManager.default.copyItem(at: Fixtures.site.appendingPathComponent("Content"), to: root.appendingPathComponent("Content"))
        try addFiller(filler, to: root)
        let edits = filler > 0 ? 52 : 104
        let options = BuildOptions(root: root)
        let live = LiveSite(options: options)
        #expect(live.update().isCurrent)
        var editor = Editor(root: root, random: Random(state: seed))
        var failures = 0, successes = 0, bodyOnly = 0, frontMatter = 0
        for step in 1...edits {
            let (edit, paths) = try editor.edit()
            let snapshot = live.update(changed: paths)
            let steps = snapshot.report.steps.map(\.name)
            if steps.first == "read" { steps.contains("resolve") ? (frontMatter += 1) : (bodyOnly += 1) }
            let (clean, report) = SiteBuilder.render(options, includeStaticFiles: true)
            let context = "seed \(seed), edit \(step): \(edit)"
            if let clean {
                successes += 1
                let expected = Dictionary(uniqueKeysWithValues: clean.files.map { ($0.path, $0.data) })
                #expect(snapshot.isCurrent, "\(context): \(snapshot.report.diagnostics.map(\.description))")
                let differing = Set(expected.keys).union(snapshot.files.keys).filter { expected[$0] != snapshot.files[$0] }
                #expect(differing.sorted().prefix(5) == [], "\(context)")
                if !differing.isEmpty { return }
            } else {
                failures += 1
                if ProcessInfo.processInfo.environment["SHOW_FAILURES"] != nil {
                    print("\(context): \(report.diagnostics.filter { $0.severity == .error }.map(\.description))")
                }
                #expect(!snapshot.isCurrent, "\(context)")
                #expect(snapshot.report.diagnostics == report.diagnostics, "\(context)")
            }
        }
        print(
            "incremental, seed \(seed), \(filler) more pages: \(edits) edits, \(successes) built, \(failures) failed as a clean build did; "
                + "\(bodyOnly) updated only the pages whose bodies changed, \(frontMatter) resolved the site again and "
                + "updated the pages that show what changed, the rest ran every stage")
        #expect(successes > edits / 2 && failures > 0)
        #expect(bodyOnly > edits / 5 && frontMatter > edits / 10)
    }

    /// Pages in seven subfolders of `filler/`, to make the site bigger.
    func addFiller(_ count: Int, to root: URL) throws {
        for number in 0..<count {
            let folder = root.appendingPathComponent("Content/filler/part-\(number % 7)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let text = "---\ntitle: Filler \(number)\nweight: \(number % 5)\n---\n\nPage \(number) of the filler.\n"
            try Data(text.utf8).write(to: folder.appendingPathComponent("page-\(number).md"))
        }
    }

    /// On a site too big for sidebars that list every page, a new title reaches the pager of
    /// the page after it, which is in another section and shows nothing else of it; and only
    /// the pages that show the title are made again.
    @Test func aNewTitleReachesTheNextSectionsPagerAndNoFurther() throws {
        let root = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(at: Fixtures.site.appendingPathComponent("Content"), to: root.appendingPathComponent("Content"))
        try addFiller(420, to: root)
        let options = BuildOptions(root: root)
        let live = LiveSite(options: options)
        #expect(live.update().isCurrent)
        // SQL is the skills' last page; the page after it is in another section.
        let page = root.appendingPathComponent("Content/skills/sql.md")
        let text = try String(contentsOf: page, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "title: SQL", with: "title: SQL, renamed").utf8).write(to: page)
        let snapshot = expectClean(live, after: ["Content/skills/sql.md"], options)
        #expect(snapshot.report.steps.map(\.name).contains("resolve"))
        print("retitled: \(snapshot.report.renderedPages) pages made again; changed: \(snapshot.changed.sorted())")
        // The page its pager leads to, found from its own HTML.
        let html = String(decoding: snapshot.files["skills/sql/index.html"] ?? Data(), as: UTF8.self)
        let next = html.firstMatch(of: /class="pager-next" href="\.\.\/\.\.\/([^"]*)"/).map { String($0.1) }
        #expect(next != nil && next?.hasPrefix("skills/") == false, "\(String(describing: next))")
        #expect(snapshot.changed.contains((next ?? "").replacingOccurrences(of: "index.html", with: "") + "index.html"))
        #expect(snapshot.report.renderedPages < 30)
    }

    /// The live site after saving `paths` must be what a clean build of the folder makes: the
    /// same diagnostics, and when it builds the same files.
    func expectClean(
        _ live: LiveSite, after paths: Set<String>, _ options: BuildOptions, file: StaticString = #filePath, line: UInt = #line
    ) -> LiveSite.Snapshot {
        let snapshot = live.update(changed: paths)
        let (clean, report) = SiteBuilder.render(options, includeStaticFiles: true)
        let location = Testing.SourceLocation(fileID: "\(file)", filePath: "\(file)", line: Int(line), column: 1)
        #expect(snapshot.report.diagnostics == report.diagnostics, sourceLocation: location)
        let expected = Dictionary(uniqueKeysWithValues: (clean?.files ?? []).map { ($0.path, $0.data) })
        let differing = Set(expected.keys).union(snapshot.files.keys).filter { expected[$0] != snapshot.files[$0] }
        #expect(clean == nil || differing.sorted().prefix(5) == [], sourceLocation: location)
        return snapshot
    }

    /// A page that shows nothing while its text sits in undeclared keys (a page written for
    /// another generator's layout, as in 18F's handbook) has an `empty-page` warning, which
    /// resolving the site finds from its body: writing a body into it takes the warning away
    /// though its front matter stays, emptying it brings the warning back, and a later
    /// front-matter save elsewhere resolves with its body as it is now.
    @Test func aBodyWrittenIntoAnEmptyPageTakesItsWarningAway() throws {
        let root = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(at: Fixtures.site.appendingPathComponent("Content"), to: root.appendingPathComponent("Content"))
        let page = root.appendingPathComponent("Content/guides/moved.md")
        let front = "---\ntitle: Moved\nredirect_to: https://example.com/moved\n---\n"
        try Data(front.utf8).write(to: page)
        let options = BuildOptions(root: root)
        let live = LiveSite(options: options)
        func warned(_ snapshot: LiveSite.Snapshot) -> Bool {
            snapshot.report.diagnostics.contains { $0.location.file == "Content/guides/moved.md" && $0.check == "empty-page" }
        }
        #expect(warned(live.update()))
        try Data((front + "\nThe text is here now.\n").utf8).write(to: page)
        #expect(!warned(expectClean(live, after: ["Content/guides/moved.md"], options)))
        let step = root.appendingPathComponent("Content/guides/step-2.md")
        let text = try String(contentsOf: step, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Renamed ").utf8).write(to: step)
        #expect(!warned(expectClean(live, after: ["Content/guides/step-2.md"], options)))
        try Data(front.utf8).write(to: page)
        #expect(warned(expectClean(live, after: ["Content/guides/moved.md"], options)))
    }

    /// A comparison's caption is a heading of its page (an id links can point at, an entry of
    /// the table of contents) though it is written in front matter: renaming it must show,
    /// whether the preview resolves the site again or runs every stage with the memo.
    @Test func aRenamedComparisonCaptionReachesItsPagesContents() throws {
        let root = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(at: Fixtures.site.appendingPathComponent("Content"), to: root.appendingPathComponent("Content"))
        let options = BuildOptions(root: root)
        let live = LiveSite(options: options)
        #expect(live.update().isCurrent)
        let page = root.appendingPathComponent("Content/roles/_index.md")
        let text = try String(contentsOf: page, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "caption: Analyst and lead", with: "caption: Analyst beside lead").utf8).write(to: page)
        let renamed = expectClean(live, after: ["Content/roles/_index.md"], options)
        #expect(renamed.report.steps.map(\.name).contains("resolve"))
        let html = String(decoding: renamed.files["roles/index.html"] ?? Data(), as: UTF8.self)
        #expect(html.contains("#analyst-beside-lead") && !html.contains("#analyst-and-lead"))
        // Saved with site.yml, it runs every stage with the memo (a body's links point at the
        // same pages as before, so only the key can tell the body apart).
        try Data(text.replacingOccurrences(of: "caption: Analyst and lead", with: "caption: Lead and analyst").utf8).write(to: page)
        let config = root.appendingPathComponent("Content/site.yml")
        let yaml = try String(contentsOf: config, encoding: .utf8)
        try Data(yaml.replacingOccurrences(of: "\ndescription: ", with: "\ndescription: Edited. ").utf8).write(to: config)
        let full = expectClean(live, after: ["Content/roles/_index.md", "Content/site.yml"], options)
        #expect(full.report.steps.first?.name != "read")
        #expect(String(decoding: full.files["roles/index.html"] ?? Data(), as: UTF8.self).contains("#lead-and-analyst"))
    }

    /// An edit to one page's body makes that page again and nothing else of the pages.
    @Test func aBodyEditRendersOnlyItsPage() throws {
        let root = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(at: Fixtures.site.appendingPathComponent("Content"), to: root.appendingPathComponent("Content"))
        let live = LiveSite(options: BuildOptions(root: root))
        let first = live.update()
        print("first update: \(first.report.renderedPages) pages, \(first.report.renderedBodies) bodies")
        #expect(first.report.renderedPages >= 15 && first.report.renderedBodies >= 15)
        let page = root.appendingPathComponent("Content/guides/step-2.md")
        try Data((try String(contentsOf: page, encoding: .utf8) + "\nOne more line.\n").utf8).write(to: page)
        let second = live.update(changed: ["Content/guides/step-2.md"])
        #expect(second.isCurrent)
        #expect(second.report.renderedBodies == 1)
        #expect(second.report.renderedPages == 1)
        let unchanged = live.update(changed: [])
        #expect(unchanged.report.renderedBodies == 0 && unchanged.report.renderedPages == 0)
        #expect(unchanged.changed.isEmpty)
    }
}

/// Reading and writing the files of a site that a random editor changes.
protocol SiteFileEditing {
    /// The site's Content/ folder.
    var content: URL { get }
}

extension SiteFileEditing {
    /// The files under Content/ that `predicate` takes, hidden ones left out, sorted.
    static func files(in content: URL, _ predicate: (String) -> Bool) -> [String] {
        let walker = FileManager.default.enumerator(atPath: content.path)!
        var result: [String] = []
        while let relative = walker.nextObject() as? String {
            guard predicate(relative), !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: content.path + "/" + relative, isDirectory: &isFolder), !isFolder.boolValue {
                result.append(relative)
            }
        }
        return result.sorted()
    }

    func read(_ path: String) -> String {
        (try? String(contentsOf: content.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

    func write(_ path: String, _ text: String) throws {
        let url = content.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}
