import Foundation
import HandbookRender

/// Checks, before anything is rendered, that every file of the site has an output path of its
/// own: two sources that map to one path (`guides/hiring.md` and `guides/hiring/_index.md`,
/// a copied `index.html` beside a page, an alias onto a page) would otherwise leave one of them
/// silently overwritten, or decided by which thread writes last. Also checks that page paths
/// hold only characters an address can carry as written.
struct OutputPaths {
    /// What wants an output path.
    private enum Owner {
        /// A Markdown file.
        case page(String)
        /// The landing page the build makes for a folder without `_index.md`.
        case generatedIndex(folder: String)
        /// The side-by-side pages of a collection.
        case pairs(collection: String)
        /// A file under Content/ copied as it is.
        case staticFile(String)
        /// A redirect written for a page's alias.
        case alias(String, page: String)
        /// A file of the theme's assets/.
        case theme(String)
        /// The search index, written under search/.
        case search
        /// A file a static host needs: 404.html, robots.txt, feed.xml, sitemap.xml.
        case hosting(String)
    }

    private struct Claim {
        var owner: Owner
        /// Where to report a problem with this claim; nil for what the build generates.
        var location: SourceLocation?
    }

    private var claims: [String: Claim] = [:]
    private var problems: [Diagnostic] = []

    /// Every clash of output paths between pages, section landing pages, comparison pages,
    /// copied files, aliases, theme assets and the search index; `written` holds the paths of
    /// the Markdown files that exist (the others are generated landing pages).
    static func problems(
        _ site: Site, written: Set<String>, staticFiles: [String], themeAssets: [String]
    ) -> [Diagnostic] {
        var paths = OutputPaths()
        for asset in themeAssets.sorted() { paths.claim(asset, Claim(owner: .theme(asset))) }
        for page in site.pages.values.sorted(by: { $0.id < $1.id }) {
            if written.contains(page.id.path) {
                paths.checkName(page)
                paths.claim(page.url + "index.html", Claim(owner: .page(page.file), location: Self.start(of: page.file)))
            } else {
                paths.claim(page.url + "index.html", Claim(owner: .generatedIndex(folder: page.id.folder)))
            }
        }
        for collection in site.config.collections where collection.comparePairs {
            let entries = site.entries.filter { $0.key.collection == collection.name }.map(\.value).sorted()
            let owner = Claim(owner: .pairs(collection: collection.name))
            paths.claim(collection.folder + "/compare/index.html", owner)
            for (index, first) in entries.enumerated() {
                for second in entries[(index + 1)...] {
                    paths.claim(PairPages.url(folder: collection.folder, first.stem, second.stem) + "index.html", owner)
                }
            }
        }
        // The search index's other files are named after their content; this one is fixed.
        paths.claim("search/meta.js", Claim(owner: .search))
        var hosting = ["robots.txt"]
        if NotFoundPage.isWritten(for: site) { hosting.append("404.html") }
        if site.hasDates { hosting.append("feed.xml") }
        if site.config.baseURL != nil { hosting.append("sitemap.xml") }
        for path in hosting { paths.claim(path, Claim(owner: .hosting(path))) }
        for file in staticFiles.sorted() {
            let claim = Claim(owner: .staticFile("Content/" + file), location: Self.start(of: "Content/" + file))
            if file.hasPrefix("search/"), file.hasSuffix(".js") {
                paths.report(claim, against: Claim(owner: .search), path: file)
            } else {
                paths.claim(file, claim)
            }
        }
        for id in site.readingOrder {
            guard let page = site.pages[id] else { continue }
            for alias in page.frontMatter.aliases {
                let claim = Claim(owner: .alias(alias.value, page: page.file), location: alias.location)
                if let path = paths.aliasPath(alias) { paths.claim(path, claim) }
            }
        }
        paths.checkFilesInPlaceOfFolders()
        return paths.problems
    }

    private static func start(of file: String) -> SourceLocation { SourceLocation(file: file, line: 1, column: 1) }

    private mutating func claim(_ path: String, _ claim: Claim) {
        if let existing = claims[path] {
            // Report where the user can act: at the later source, or at the earlier one when the
            // later is generated.
            if claim.location != nil {
                report(claim, against: existing, path: path)
            } else {
                report(existing, against: claim, path: path)
            }
        } else {
            claims[path] = claim
        }
    }

    /// One clash, reported at `claim` (which has a location), naming `other`.
    private mutating func report(_ claim: Claim, against other: Claim, path: String) {
        guard let location = claim.location else { return }
        let (message, hint) = Self.describe(claim.owner, against: other.owner, path: path)
        var check = Check.outputPath
        if case .alias = claim.owner { check = .alias }
        problems.append(.error(location, message, hint: hint, check: check))
    }

    private static func describe(_ owner: Owner, against other: Owner, path: String) -> (String, String) {
        switch (owner, other) {
        case (.alias(let alias, _), _):
            return ("alias '\(alias)' is already the address of \(name(of: other))", "remove the alias or choose another")
        case (.page, .page(let file)):
            return (
                "this page and \(file) are both built into \(path)",
                "keep one of them: a page `name.md` and a folder's `name/_index.md` or `name/index.md` share one address"
            )
        case (.page(let file), .generatedIndex(let folder)):
            return (
                "this page is built into \(path), where the folder Content/\(folder)/ puts its landing page",
                "move it to Content/\(folder)/_index.md to make it the folder's landing page, or rename it (\(file))"
            )
        case (.page, .pairs(let collection)):
            return (
                "this page is built into \(path), where the side-by-side pages of '\(collection)' go",
                "rename the page, or set `compare_pairs: false` on the collection"
            )
        case (.staticFile, .theme):
            return (
                "this file would replace the theme's \(path)",
                "rename or move it; to change the theme's files, put them under Themes/"
            )
        case (.staticFile, .search):
            return (
                "this file would be replaced by the search index, which the build writes as \(path)",
                "rename the file or move it out of Content/search/"
            )
        case (.staticFile, .hosting(let file)):
            let hint: String
            switch file {
            case "robots.txt": hint = "remove it and write its lines under `robots: |` in site.yml"
            case "404.html": hint = "remove it; to change the page, put templates/404.mustache under Themes/default/"
            default: hint = "remove it; the build writes \(file) itself"
            }
            return ("this file would replace \(file), which the build writes", hint)
        case (.staticFile, .page(let file)):
            return ("this file would replace \(path), the page built from \(file)", "rename or move the file")
        case (.staticFile, _):
            return ("this file would replace \(path), \(name(of: other))", "rename or move the file")
        default:
            return ("this is built into \(path), as is \(name(of: other))", "rename one of them")
        }
    }

    private static func name(of owner: Owner) -> String {
        switch owner {
        case .page(let file): file
        case .generatedIndex(let folder): "the landing page of the folder Content/\(folder)/"
        case .pairs(let collection): "a side-by-side page of '\(collection)'"
        case .staticFile(let file): file
        case .alias(let alias, let page): "the alias '\(alias)' of \(page)"
        case .theme(let path): "the theme's \(path)"
        case .search: "the search index"
        case .hosting(let path): "the \(path) the build writes"
        }
    }

    /// Where the redirect for an alias goes, as the redirect step writes it; nil (and an error)
    /// when the alias has an empty, `.` or `..` part, which would leave the site or name one
    /// file two ways.
    private mutating func aliasPath(_ alias: Located<String>) -> String? {
        var path = alias.value.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !path.hasSuffix(".html") { path += path.isEmpty ? "index.html" : "/index.html" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            let climbs = parts.contains("..")
            problems.append(
                .report(
                    .alias, alias.location,
                    climbs
                        ? "alias '\(alias.value)' climbs out of the site with '..'"
                        : "alias '\(alias.value)' has an empty or '.' part",
                    hint: "write the old address as a plain path from the site's root, e.g. old/page/"))
            return nil
        }
        return path
    }

    /// A file claimed where another claim needs a folder: `guides/hiring` copied as a file,
    /// and `guides/hiring.md` built into `guides/hiring/index.html`.
    private mutating func checkFilesInPlaceOfFolders() {
        var folders: [String: String] = [:]
        for path in claims.keys.sorted() {
            var end = path.endIndex
            while let slash = path[..<end].lastIndex(of: "/") {
                let folder = String(path[..<slash])
                if folders[folder] != nil { break }
                folders[folder] = path
                end = slash
            }
        }
        for (path, claim) in claims.sorted(by: { $0.key < $1.key }) {
            guard let inside = folders[path], let other = claims[inside] else { continue }
            guard let location = claim.location ?? other.location else { continue }
            problems.append(
                .error(
                    location,
                    "\(path) would be both a file (\(Self.name(of: claim.owner))) and the folder of \(inside) (\(Self.name(of: other.owner)))",
                    hint: "rename one of them: one path cannot be both a file and a folder", check: .outputPath))
        }
    }

    /// Characters a page's path may not hold: they would end its address early (`#`, `?`),
    /// start an escape (`%`), break out of the attribute it is written in (`"`, `<`, `>`), or
    /// are invisible (control characters, and the bidirectional overrides that show a name
    /// other than it is).
    private mutating func checkName(_ page: Page) {
        for scalar in page.id.path.unicodeScalars {
            let message: String
            switch scalar {
            case "#", "?", "%", "\"", "<", ">", "\\":
                message = "the file's path holds '\(scalar)', which a page's address cannot carry as written"
            case "\u{0}"..."\u{1F}", "\u{7F}":
                message = "the file's path holds the control character \(Self.codePoint(scalar)), which a page's address cannot carry"
            case "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}":
                message =
                    "the file's path holds the invisible character \(Self.codePoint(scalar)), which shows the name in another order than it has"
            default: continue
            }
            problems.append(
                .error(Self.start(of: page.file), message, hint: "rename the file or its folder without it", check: .outputPath))
            return
        }
    }

    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
