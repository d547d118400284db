import Foundation
import HandbookMarkdown
import Testing

@testable import HandbookBuild

/// The property of `IncrementalTests` on real handbooks, which have what the fixture lacks:
/// pages without front matter whose titles come from `#` headings, README.md folder pages,
/// raw HTML, many links to headings, hundreds of pages in one folder. Real handbooks are not
/// part of the repository, so it runs only when `HANDBOOK_REAL_SITES` names folders that hold
/// `Content/` (colon-separated); each is copied, made a Git repository with one commit (so
/// pages have dates, as in a real checkout; not with `HANDBOOK_REAL_GIT=0`), and edited at
/// random `HANDBOOK_REAL_EDITS` times (default 60) from seed `HANDBOOK_REAL_SEED` (default 1);
/// `HANDBOOK_REAL_VERBOSE=1` prints every edit. After every edit the live site, and a build
/// on disk that takes pages from the last one, must hold exactly the files a clean build
/// makes, or fail with exactly its diagnostics.
///
///     HANDBOOK_REAL_SITES=/tmp/real/basecamp:/tmp/real/thoughtbot HANDBOOK_REAL_EDITS=60 \
///         swift test -c release -Xswiftc -enable-testing --filter RealHandbookEdits
@Suite struct RealHandbookEditsTests {
    /// The site being edited, and the edits it knows how to make.
    struct Editor: SiteFileEditing {
        let content: URL
        var random: IncrementalTests.Random
        var counter = 0
        /// Every Markdown file under Content/, kept as pages come and go.
        var pages: [String]
        /// Pages holding lines put in to break the build, which the next edit takes out.
        var breaking = Set<String>()
        /// Pages whose edit may break the build, with their text before it: the next edit puts
        /// it back if the build failed, and forgets it if it did not.
        var undo: [String: String] = [:]
        /// The next edit puts `undo` back even when the build did not fail: a draft that broke
        /// nothing yet would break every link written to it later.
        var undoAnyway = false

        init(content: URL, seed: UInt64) {
            self.content = content
            random = IncrementalTests.Random(state: seed)
            pages = Self.markdownFiles(in: content)
        }

        static func markdownFiles(in content: URL) -> [String] { files(in: content) { $0.hasSuffix(".md") } }

        mutating func word() -> String {
            ["apple", "river", "stone", "cloud", "maple", "ember", "delta", "quartz"].randomElement(using: &random)!
        }

        mutating func page() -> String { pages.randomElement(using: &random)! }

        /// Whether a page's text starts with a front matter block.
        static func hasFrontMatter(_ text: String) -> Bool { text.hasPrefix("---\n") || text.hasPrefix("---\r\n") }

        /// A file name a link can hold as it is.
        static func isPlainPath(_ path: String) -> Bool {
            path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
        }

        /// The path of `target` from the folder of `page`, both under Content/.
        static func relative(_ target: String, from page: String) -> String {
            let from = page.split(separator: "/").dropLast()
            let to = target.split(separator: "/")
            var common = 0
            while common < from.count, common < to.count - 1, from[from.startIndex + common] == to[common] { common += 1 }
            return String(repeating: "../", count: from.count - common) + to[common...].joined(separator: "/")
        }

        /// The ids of a page's `##`-and-deeper ATX headings whose text is plain (so that the slug
        /// of the source text is the slug of the rendered text), counted with every heading of
        /// the page as the renderer counts repeats.
        static func headingIDs(_ text: String) -> [String] {
            var slugger = Slugger()
            var ids: [String] = []
            var fence: Substring?
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
            if hasFrontMatter(text), let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) {
                lines = lines[(end + 1)...]
            }
            for line in lines {
                let trimmed = line.drop { $0 == " " }
                if let open = fence {
                    if trimmed.hasPrefix(open) { fence = nil }
                    continue
                }
                if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                    fence = trimmed.prefix(3)
                    continue
                }
                guard line.hasPrefix("#") else { continue }
                let level = line.prefix { $0 == "#" }.count
                guard level <= 6, line.dropFirst(level).first == " " else { continue }
                var heading = line.dropFirst(level).trimmingCharacters(in: .whitespaces)
                while heading.hasSuffix("#") { heading.removeLast() }
                heading = heading.trimmingCharacters(in: .whitespaces)
                let id = slugger.unique(for: heading)
                if level >= 2, !heading.isEmpty,
                    heading.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || " ,.?!'-".contains($0)) })
                {
                    ids.append(id)
                }
            }
            return ids
        }

        /// Whether any other page names this one (by file name or stem), so that removing it
        /// could break a link; folder pages are never removed.
        func isReferenced(_ path: String) -> Bool {
            let name = (path as NSString).lastPathComponent
            let stem = (name as NSString).deletingPathExtension
            if ["README", "index", "_index"].contains(stem) { return true }
            return pages.contains { $0 != path && read($0).contains(stem) }
        }

        /// A page nothing links to, trying a few at random.
        mutating func unreferenced() -> String? {
            for _ in 0..<12 {
                let candidate = page()
                if !isReferenced(candidate) { return candidate }
            }
            return nil
        }

        /// Puts `line` as a front matter key: in place of the key's line, after the opening
        /// `---`, or in a new block.
        static func setFrontMatter(_ key: String, _ line: String, in text: String) -> String {
            guard hasFrontMatter(text) else { return "---\n\(line)\n---\n\n" + text }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let end = lines.dropFirst().firstIndex { $0.trimmingCharacters(in: .whitespaces) == "---" } ?? lines.count
            if let at = lines[1..<end].firstIndex(where: { $0.hasPrefix(key + ":") }) {
                lines[at] = line
            } else {
                lines.insert(line, at: 1)
            }
            return lines.joined(separator: "\n")
        }

        /// Makes one random edit; returns its description and the paths it touched, relative to
        /// the root. After a build that failed, the edit takes out every line put in to break it.
        mutating func edit(mend: Bool) throws -> (String, Set<String>) {
            let (description, paths) = try editContent(mend: mend)
            return (description, Set(paths.map { "Content/" + $0 }))
        }

        private mutating func editContent(mend: Bool) throws -> (String, Set<String>) {
            counter += 1
            if (mend || undoAnyway) && !(breaking.isEmpty && undo.isEmpty) {
                var mended = Set<String>()
                for (page, text) in undo where pages.contains(page) {
                    try write(page, text)
                    mended.insert(page)
                }
                for page in breaking where pages.contains(page) {
                    let lines = read(page).split(separator: "\n", omittingEmptySubsequences: false)
                    try write(page, lines.filter { !$0.contains("zzbroken") }.joined(separator: "\n"))
                    mended.insert(page)
                }
                breaking = []
                undo = [:]
                undoAnyway = false
                return ("broken lines taken out of \(mended.sorted())", mended)
            }
            undo = [:]
            switch Int.random(in: 0..<39, using: &random) {
            case 0, 1:
                let page = page()
                let w = word()
                try write(page, read(page) + "\n\nEdit \(counter): \(w) and more \(w).\n")
                return ("append to \(page)", [page])
            case 2:
                let page = page()
                try write(page, read(page) + "\n\n## Heading \(counter) \(word())\n\nText under it.\n")
                return ("heading in \(page)", [page])
            case 3:
                // A page without front matter takes its title from its first heading.
                let untitled = pages.filter { !Self.hasFrontMatter(read($0)) && read($0).contains("# ") }
                guard let page = untitled.randomElement(using: &random) else { return ("nothing", []) }
                let text = read(page)
                guard let heading = text.firstRange(of: #/(?m)^#{1,6} .*$/#) else { return ("nothing", []) }
                let title = [
                    "Retitled \(word()) \(counter)", "The *\(word())* `code` &amp; \(counter)", "[Linked](https://example.com) \(counter)",
                ]
                .randomElement(using: &random)!
                try write(page, text.replacingCharacters(in: heading, with: "# \(title)"))
                return ("first heading of \(page)", [page])
            case 4:
                let page = page()
                let title = ["Title \(word()) \(counter)", "\"Café & <b>\(word())</b> \(counter) 🎉\"", "'Quotes \"\(word())\" \(counter)'"]
                    .randomElement(using: &random)!
                try write(page, Self.setFrontMatter("title", "title: \(title)", in: read(page)))
                return ("title of \(page)", [page])
            case 5:
                let page = page()
                try write(page, Self.setFrontMatter("weight", "weight: \(Int.random(in: -3...20, using: &random))", in: read(page)))
                return ("weight of \(page)", [page])
            case 6, 7:
                // A link to another page's heading; one time in five to one it lacks.
                let page = page()
                let targets = pages.filter { $0 != page && Self.isPlainPath($0) }
                for _ in 0..<10 {
                    guard let target = targets.randomElement(using: &random) else { break }
                    let ids = Self.headingIDs(read(target))
                    guard var id = ids.randomElement(using: &random) else { continue }
                    if Int.random(in: 0..<5, using: &random) == 0 {
                        id = "zzbroken-\(counter)"
                        breaking.insert(page)
                    }
                    let link = Self.relative(target, from: page) + "#" + id
                    try write(page, read(page) + "\n\nSee [the heading](\(link)).\n")
                    return ("link to \(link) in \(page)", [page])
                }
                return ("nothing", [])
            case 8:
                let page = page()
                try write(page, read(page) + "\n\nA [broken link](zzbroken-\(counter).md).\n")
                breaking.insert(page)
                return ("broken link in \(page)", [page])
            case 9:
                let page = page()
                try write(page, read(page) + "\n\n<details><summary>\(word()) \(counter)</summary>\(word())</details>\n")
                return ("details in \(page)", [page])
            case 10:
                let page = page()
                try write(page, read(page) + "\n\n<img src=\"zzbroken-\(counter).png\">\n")
                breaking.insert(page)
                return ("missing image in \(page)", [page])
            case 11:
                guard let page = unreferenced() else { return ("nothing", []) }
                let folder = (page as NSString).deletingLastPathComponent
                let target = (folder.isEmpty ? "" : folder + "/") + "renamed-\(counter).md"
                try FileManager.default.moveItem(at: content.appendingPathComponent(page), to: content.appendingPathComponent(target))
                pages.removeAll { $0 == page }
                pages.append(target)
                pages.sort()
                breaking.remove(page)
                return ("rename \(page) to \(target)", [page, target])
            case 12, 13:
                let folder = (page() as NSString).deletingLastPathComponent
                let name = (folder.isEmpty ? "" : folder + "/") + "new-\(counter).md"
                let target = pages.filter(Self.isPlainPath).randomElement(using: &random)!
                let link = "\n\nSee [a page](\(Self.relative(target, from: name))).\n"
                let text =
                    Bool.random(using: &random)
                    ? "# New \(word()) \(counter)\n\nA page about \(word()).\(link)"
                    : "---\ntitle: New \(word()) \(counter)\n---\n\nA page about \(word()).\(link)"
                try write(name, text)
                pages.append(name)
                pages.sort()
                return ("add \(name)", [name])
            case 14:
                guard let page = unreferenced() else { return ("nothing", []) }
                try FileManager.default.removeItem(at: content.appendingPathComponent(page))
                pages.removeAll { $0 == page }
                breaking.remove(page)
                return ("delete \(page)", [page])
            case 16:
                // A folder page's title is its section's: breadcrumbs, sidebars, listings.
                let folders = pages.filter { ["README.md", "index.md", "_index.md"].contains(($0 as NSString).lastPathComponent) }
                guard let page = folders.randomElement(using: &random) else { return ("nothing", []) }
                let text = read(page)
                if !text.contains("\ntitle:"), let heading = text.firstRange(of: #/(?m)^# .*$/#) {
                    try write(page, text.replacingCharacters(in: heading, with: "# Folder \(word()) \(counter)"))
                    return ("first heading of the folder page \(page)", [page])
                }
                try write(page, Self.setFrontMatter("title", "title: Folder \(word()) \(counter)", in: text))
                return ("title of the folder page \(page)", [page])
            case 17:
                // Without `title:` the title comes from the leading heading, or the file name.
                let titled = pages.filter { Self.hasFrontMatter(read($0)) && read($0).contains("\ntitle:") }
                guard let page = titled.randomElement(using: &random) else { return ("nothing", []) }
                try write(page, read(page).replacingOccurrences(of: #"(?m)^title:.*\n"#, with: "", options: .regularExpression))
                return ("title taken out of \(page)", [page])
            case 18:
                // A heading other pages' links may point at is renamed; put back if they break.
                let page = page()
                let text = read(page)
                guard let heading = text.ranges(of: #/(?m)^#{2,4} .*$/#).randomElement(using: &random) else { return ("nothing", []) }
                undo[page] = text
                try write(page, text.replacingCharacters(in: heading, with: "## Renamed \(word()) \(counter)"))
                return ("rename a heading of \(page)", [page])
            case 19:
                // Front matter that is wrong, or does not parse.
                let page = page()
                let text = read(page)
                undo[page] = text
                let (key, line) = [("weight", "weight: heavy"), ("titel", "titel: Typo"), ("title", "title: [unclosed")]
                    .randomElement(using: &random)!
                try write(page, Self.setFrontMatter(key, line, in: text))
                return ("bad front matter `\(line)` in \(page)", [page])
            case 20:
                // A draft leaves the site; links to it break.
                let page = page()
                let text = read(page)
                undo[page] = text
                undoAnyway = true
                try write(page, Self.setFrontMatter("draft", "draft: \(!text.contains("\ndraft: true"))", in: text))
                return ("draft flag of \(page)", [page])
            case 21:
                let page = page()
                let key = Bool.random(using: &random) ? "summary" : "description"
                try write(page, Self.setFrontMatter(key, "\(key): About \(word()) \(counter).", in: read(page)))
                return ("\(key) of \(page)", [page])
            case 22:
                // Several pages saved at once, as a checkout does.
                var touched = Set<String>()
                for _ in 0..<Int.random(in: 2...6, using: &random) {
                    let page = page()
                    try write(page, read(page) + "\n\nCheckout \(counter): \(word()).\n")
                    touched.insert(page)
                }
                return ("append to \(touched.count) pages", touched)
            case 23:
                // A page's leading heading at another level still gives it its title.
                let untitled = pages.filter { !read($0).contains("\ntitle:") && read($0).contains("# ") }
                guard let page = untitled.randomElement(using: &random) else { return ("nothing", []) }
                let text = read(page)
                guard let heading = text.firstRange(of: #/(?m)^#{1,6} /#) else { return ("nothing", []) }
                let level = String(repeating: "#", count: Int.random(in: 1...3, using: &random)) + " "
                try write(page, text.replacingCharacters(in: heading, with: level))
                return ("level of the first heading of \(page)", [page])
            case 24:
                // Text before the leading heading: the title comes from elsewhere now.
                let untitled = pages.filter { !Self.hasFrontMatter(read($0)) }
                guard let page = untitled.randomElement(using: &random) else { return ("nothing", []) }
                let text = read(page)
                try write(page, text.hasPrefix("Intro ") ? String(text.drop { $0 != "\n" }.dropFirst()) : "Intro \(counter).\n\n" + text)
                return ("text before the first heading of \(page)", [page])
            case 26:
                // An alias: a redirect page, or an error when another page or alias has its path.
                let page = page()
                let text = read(page)
                undo[page] = text
                let taken = pages.randomElement(using: &random)!
                let alias =
                    Bool.random(using: &random)
                    ? "old/\(word())-\(counter)" : String(taken.dropLast(3)).replacingOccurrences(of: "README", with: "readme")
                try write(page, Self.setFrontMatter("aliases", "aliases: [\"\(alias)\"]", in: text))
                return ("alias \(alias) of \(page)", [page])
            case 27:
                // A date: the page's "last updated", the feed's order.
                let page = page()
                let date = "2025-\(Int.random(in: 10...12, using: &random))-\(Int.random(in: 10...28, using: &random))"
                try write(page, Self.setFrontMatter("updated", "updated: \(date)", in: read(page)))
                return ("updated \(date) of \(page)", [page])
            case 28:
                let page = page()
                try write(page, Self.setFrontMatter("owner", "owner: [\"@team-\(word())\"]", in: read(page)))
                return ("owner of \(page)", [page])
            case 29:
                let page = page()
                try write(page, Self.setFrontMatter("tags", "tags: [\(word()), \(word())]", in: read(page)))
                return ("tags of \(page)", [page])
            case 30:
                let page = page()
                let text = read(page)
                undo[page] = text
                let layout = ["page", "section", "nonesuch"].randomElement(using: &random)!
                try write(page, Self.setFrontMatter("layout", "layout: \(layout)", in: text))
                return ("layout \(layout) of \(page)", [page])
            case 31:
                let page = page()
                try write(page, Self.setFrontMatter("toc", "toc: \(Bool.random(using: &random))", in: read(page)))
                return ("toc of \(page)", [page])
            case 32:
                // A line taken out of a body: terms leave the search index, links and headings go.
                let page = page()
                let text = read(page)
                undo[page] = text
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let start = Self.hasFrontMatter(text) ? (lines.dropFirst().firstIndex { $0 == "---" } ?? 0) + 1 : 0
                guard start < lines.count else { return ("nothing", []) }
                let at = Int.random(in: start..<lines.count, using: &random)
                lines.remove(at: at)
                try write(page, lines.joined(separator: "\n"))
                return ("line \(at + 1) taken out of \(page)", [page])
            case 33:
                // A file copied from Content/ changed, or a new one a page shows.
                let statics = Self.files(in: content) { !$0.hasSuffix(".md") && !$0.hasSuffix(".yml") }
                if let file = statics.randomElement(using: &random), Bool.random(using: &random) {
                    let url = content.appendingPathComponent(file)
                    try (try Data(contentsOf: url) + Data("\n<!-- \(counter) -->\n".utf8)).write(to: url)
                    return ("static file \(file) changed", [file])
                }
                let page = page()
                let folder = (page as NSString).deletingLastPathComponent
                let name = (folder.isEmpty ? "" : folder + "/") + "picture-\(counter).svg"
                try write(name, "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>\(word())</title></svg>")
                try write(page, read(page) + "\n\n![A picture](picture-\(counter).svg)\n")
                return ("picture \(name) shown in \(page)", [name, page])
            case 34:
                // A heading with text beyond ASCII, and a link to it from the same page.
                let page = page()
                let heading = ["Über \(word()) \(counter)", "Emoji 🎉 \(counter)", "C++ & `code` \(counter)"].randomElement(using: &random)!
                let id = Slugger.slug(heading.replacingOccurrences(of: "`", with: ""))
                try write(page, read(page) + "\n\n## \(heading)\n\nSee [above](#\(id)).\n")
                return ("heading \(heading) in \(page)", [page])
            case 35, 36:
                // site.yml: every page shows some of it, and raw HTML's treatment changes bodies.
                let settings = [
                    ("title", "title: Handbook \(word()) \(counter)"), ("description", "description: About \(word()) \(counter)."),
                    ("language", "language: \(["en", "fr", "de"].randomElement(using: &random)!)"),
                    ("edit_url", "edit_url: https://example.com/\(word())/edit/main/"),
                    ("base_url", "base_url: https://\(word()).example.com/handbook/"),
                    ("markdown", "markdown: { raw_html: \(Bool.random(using: &random) ? "trusted" : "safe") }"),
                    ("robots", "robots: \(Bool.random(using: &random) ? "allow" : "disallow")"),
                ]
                let (key, line) = settings.randomElement(using: &random)!
                var lines = read("site.yml").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if lines.count <= 1 { lines = ["title: Handbook", ""] }
                if let at = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) {
                    lines[at] = line
                } else {
                    lines.insert(line, at: 0)
                }
                try write("site.yml", lines.joined(separator: "\n"))
                return ("site.yml \(line)", ["site.yml"])
            case 37:
                // Saved from an editor on Windows: every line ends in CRLF, or back.
                let page = page()
                let text = read(page)
                let crlf = text.contains("\r\n")
                try write(
                    page, crlf ? text.replacingOccurrences(of: "\r\n", with: "\n") : text.replacingOccurrences(of: "\n", with: "\r\n"))
                return ("\(crlf ? "LF" : "CRLF") line ends in \(page)", [page])
            default:
                // A body edit and a front matter edit saved together.
                let first = page(), second = page()
                try write(first, read(first) + "\n\nTogether \(counter).\n")
                if second != first {
                    try write(second, Self.setFrontMatter("weight", "weight: \(Int.random(in: 0...9, using: &random))", in: read(second)))
                }
                return ("append to \(first), weight of \(second)", [first, second])
            }
        }
    }

    /// Every site named in `HANDBOOK_REAL_SITES`, edited at random; skipped without it.
    @Test func randomEditsOfRealHandbooksEqualCleanBuilds() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let list = environment["HANDBOOK_REAL_SITES"], !list.isEmpty else {
            print("RealHandbookEdits: skipped; set HANDBOOK_REAL_SITES to folders that hold Content/ (colon-separated)")
            return
        }
        let edits = Int(environment["HANDBOOK_REAL_EDITS"] ?? "") ?? 60
        let seed = UInt64(environment["HANDBOOK_REAL_SEED"] ?? "") ?? 1
        for site in list.split(separator: ":").map(String.init) {
            try run(URL(fileURLWithPath: site), edits: edits, seed: seed)
        }
    }

    /// Makes `root` a Git repository with one commit of everything, dated so that builds
    /// are the same every run; false when git is not there.
    func commit(_ root: URL) -> Bool {
        var environment = ProcessInfo.processInfo.environment
        for key in ["GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"] { environment[key] = "2024-05-01T12:00:00Z" }
        for key in ["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"] { environment[key] = "Editor" }
        for key in ["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"] { environment[key] = "editor@example.com" }
        for arguments in [["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Real handbook"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git"] + arguments
            process.currentDirectoryURL = root
            process.environment = environment
            guard (try? process.run()) != nil else { return false }
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { return false }
        }
        return true
    }

    /// Copies `site`, builds it live, then applies `edits` edits, comparing the live site with
    /// a clean build after each; prints how many updates took each path.
    func run(_ site: URL, edits: Int, seed: UInt64) throws {
        let name = site.lastPathComponent
        let root = try Fixtures.temporaryFolder("real\(name)")
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in ["Content", "Themes"] where FileManager.default.fileExists(atPath: site.appendingPathComponent(folder).path) {
            try FileManager.default.copyItem(at: site.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
        }
        let dated = environment["HANDBOOK_REAL_GIT"] != "0" && commit(root)
        let options = BuildOptions(root: root)
        let live = LiveSite(options: options)
        let first = live.update()
        let errors = first.report.diagnostics.filter { $0.severity != .warning }.prefix(5).map(\.description)
        #expect(first.isCurrent, "\(name) must build before it is edited (relax its checks in site.yml): \(errors)")
        guard first.isCurrent else { return }
        var editor = Editor(content: root.appendingPathComponent("Content"), seed: seed)
        let verbose = environment["HANDBOOK_REAL_VERBOSE"] != nil
        var failures = 0, successes = 0, bodyOnly = 0, frontMatter = 0, differences = 0, reused = 0, diskDifferences = 0
        // The same edits built on disk too, where pages are taken whole from the last build.
        #expect(BuildCacheTests.build(options).succeeded)
        var failedBefore = false
        let started = ContinuousClock.now
        var ran = 0
        for step in 1...edits {
            ran = step
            let (edit, paths) = try editor.edit(mend: failedBefore)
            let snapshot = live.update(changed: paths)
            // The in-place paths start with "read"; the front-matter one resolves the site again.
            let steps = snapshot.report.steps.map(\.name)
            let path = steps.first != "read" ? "every stage" : steps.contains("resolve") ? "front matter" : "bodies"
            if path == "bodies" { bodyOnly += 1 }
            if path == "front matter" { frontMatter += 1 }
            let (clean, report) = SiteBuilder.render(options, includeStaticFiles: true)
            let context = "\(name), seed \(seed), edit \(step): \(edit) [\(path)]"
            let disk = BuildCacheTests.build(options)
            #expect(disk.diagnostics == report.diagnostics, "\(context), on disk")
            if let clean, disk.succeeded {
                if disk.reusedPages > 0 { reused += 1 }
                let expected = Dictionary(uniqueKeysWithValues: clean.files.map { ($0.path, $0.data) })
                let built = Fixtures.files(in: options.output)
                let differing = Set(expected.keys).union(built.keys).filter { expected[$0] != built[$0] }.sorted()
                #expect(differing.prefix(5) == [], "\(context), on disk")
                if !differing.isEmpty {
                    diskDifferences += 1
                    print("\(context), on disk: \(differing.count) files differ: \(differing.prefix(5))")
                }
            }
            failedBefore = clean == nil
            if verbose { print("\(context)\(clean == nil ? ", fails" : "")") }
            #expect(snapshot.report.diagnostics == report.diagnostics, "\(context)")
            if snapshot.report.diagnostics != report.diagnostics {
                let live = Set(snapshot.report.diagnostics), expected = Set(report.diagnostics)
                let onlyLive = live.subtracting(expected).prefix(3).map(\.description)
                let onlyClean = expected.subtracting(live).prefix(3).map(\.description)
                print("\(context): diagnostics only live: \(onlyLive); only clean: \(onlyClean)")
            }
            if let clean {
                successes += 1
                let expected = Dictionary(uniqueKeysWithValues: clean.files.map { ($0.path, $0.data) })
                #expect(snapshot.isCurrent, "\(context)")
                let differing = Set(expected.keys).union(snapshot.files.keys).filter { expected[$0] != snapshot.files[$0] }.sorted()
                #expect(differing.prefix(5) == [], "\(context)")
                if !differing.isEmpty {
                    differences += 1
                    print("\(context): \(differing.count) files differ: \(differing.prefix(5))")
                    // Later edits would only repeat this difference.
                    if differences >= 3 { break }
                }
            } else {
                failures += 1
                #expect(!snapshot.isCurrent, "\(context)")
                // A failure no edit meant is worth seeing: the slug of a heading guessed wrong, say.
                if verbose || (editor.breaking.isEmpty && editor.undo.isEmpty) {
                    print("\(context): fails: \(report.diagnostics.filter { $0.severity == .error }.prefix(3).map(\.description))")
                }
            }
        }
        let seconds = started.duration(to: .now).seconds
        print(
            "RealHandbookEdits \(name): \(editor.pages.count) Markdown files, \(first.report.pages) pages, "
                + "git dates: \(dated); seed \(seed), "
                + "\(ran) edits, \(successes) built, \(failures) failed as the clean build did; \(bodyOnly) updated only the pages "
                + "whose bodies changed, \(frontMatter) resolved the site again, \(ran - bodyOnly - frontMatter) ran every stage; "
                + "\(differences) differed; on disk \(reused) builds took pages from the last, \(diskDifferences) differed; "
                + "\(Int(seconds)) s")
    }

    private var environment: [String: String] { ProcessInfo.processInfo.environment }
}
