import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The files of one source folder (Content/ or a theme folder), found so that nothing outside
/// it is ever read: a symbolic link is followed only when its real path stays inside the
/// folder and it does not lead back to a folder that contains it (a loop). Every link that is
/// not followed, and every folder that cannot be read, is reported with its path.
struct SourceWalk {
    /// Regular files below the folder, relative, sorted; hidden files and folders skipped.
    var files: [String] = []
    /// Links not followed, odd entries and unreadable folders.
    var problems: [Diagnostic] = []

    /// How the folder is named in diagnostics, e.g. `Content` or `Themes/custom`.
    private let shown: String
    /// The folder's real path: a link is followed only to it or below it.
    private let rootReal: String
    /// Real paths of the folders entered through a link, with the link that did: each is
    /// entered through one link only, which bounds the walk however links point at each other.
    private var linked: [String: String] = [:]

    private init(shown: String, rootReal: String) {
        self.shown = shown
        self.rootReal = rootReal
    }

    /// Walks the folder at `root`; an `optional` folder that does not exist is not a problem.
    static func walk(_ root: URL, shown: String, optional: Bool = false) -> SourceWalk {
        let path = root.standardizedFileURL.path
        let real: String
        switch realPath(path) {
        case .success(let path): real = path
        case .failure(let failure):
            var walk = SourceWalk(shown: shown, rootReal: path)
            if !(optional && failure.code == ENOENT) { walk.unreadableFolder(shown, code: failure.code) }
            return walk
        }
        var walk = SourceWalk(shown: shown, rootReal: real)
        walk.walk(path, relative: "", chain: [real])
        // Names that differ only in Unicode normalization are equal to `<`: their bytes decide.
        walk.files.sort { $0 < $1 || (!($1 < $0) && $0.utf8.lexicographicallyPrecedes($1.utf8)) }
        return walk
    }

    /// Lists one folder; `chain` holds the real paths of the folders on the way down to it.
    private mutating func walk(_ path: String, relative: String, chain: [String]) {
        let shownFolder = relative.isEmpty ? shown : shown + "/" + relative.dropLast()
        let entries: [DirectoryEntry]
        do {
            entries = try DirectoryEntry.read(path, followingLinks: false)
        } catch {
            unreadableFolder(shownFolder, code: error.code)
            return
        }
        // readdir's order is the file system's: sort, so which of two links is reported is stable.
        for entry in entries.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) })
        where !entry.name.hasPrefix(".") {
            let full = path + "/" + entry.name
            let name = relative + entry.name
            let shownName = shown + "/" + name
            guard entry.nameIsUTF8 else {
                problems.append(
                    .error(
                        location(shownName), "the name is not UTF-8 text, so it cannot be part of the site",
                        hint: "rename it using UTF-8 (any modern editor or file manager does)", check: .encoding))
                continue
            }
            switch entry.kind {
            case .folder:
                if entry.name.hasSuffix(".md"), shown == "Content" {
                    warn(
                        shownName, "a folder named like a page: its files become a section '\(name)/', not a page",
                        hint: "rename the folder without .md, unless that is what you meant")
                }
                walk(full, relative: name + "/", chain: chain + [chain.last! + "/" + entry.name])
            case .file: files.append(name)
            case .link: follow(full, name: name, chain: chain)
            case .other: skipOther(shownName)
            }
        }
    }

    /// Follows a symbolic link when it stays inside the folder and is no loop; reports it otherwise.
    private mutating func follow(_ path: String, name: String, chain: [String]) {
        let shownName = shown + "/" + name
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
        let real: String
        switch Self.realPath(path) {
        case .success(let path): real = path
        case .failure(let failure):
            switch failure.code {
            case ENOENT, ENOTDIR:
                warn(shownName, "symbolic link to '\(target)' leads to nothing; it is skipped", hint: "fix the link or remove it")
            case ELOOP:
                warn(
                    shownName, "symbolic link to '\(target)' is part of a loop of links; it is skipped",
                    hint: "remove one of the links that lead to each other")
            default:
                problems.append(
                    .environment(
                        location(shownName), "cannot follow the symbolic link to '\(target)': \(failure.reason)",
                        hint: "check that you may read what it points at"))
            }
            return
        }
        guard real == rootReal || real.hasPrefix(rootReal.hasSuffix("/") ? rootReal : rootReal + "/") else {
            warn(
                shownName, "symbolic link to '\(target)' leads outside \(shown)/; it is skipped",
                hint: "copy what it points at into \(shown)/, or make the link point inside \(shown)/")
            return
        }
        var info = stat()
        guard stat(real, &info) == 0 else {
            warn(shownName, "symbolic link to '\(target)' leads to nothing; it is skipped", hint: "fix the link or remove it")
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            files.append(name)
        case S_IFDIR:
            if chain.contains(real) {
                warn(
                    shownName, "symbolic link to '\(target)' leads back to a folder that contains it; it is skipped",
                    hint: "remove the link: following it would repeat the folder forever")
            } else if let first = linked[real] {
                warn(
                    shownName, "symbolic link to '\(target)' leads to a folder already included through \(first); it is skipped",
                    hint: "keep one link to a folder")
            } else {
                linked[real] = shownName
                walk(path, relative: name + "/", chain: chain + [real])
            }
        default:
            skipOther(shownName)
        }
    }

    private mutating func skipOther(_ shownName: String) {
        warn(
            shownName, "not a file or a folder (a device, pipe or socket); it is skipped",
            hint: "remove it, or replace it with a regular file")
    }

    private mutating func warn(_ shownName: String, _ message: String, hint: String) {
        problems.append(.report(.sourceFile, location(shownName), message, hint: hint))
    }

    private mutating func unreadableFolder(_ shownName: String, code: Int32) {
        problems.append(
            .environment(
                location(shownName), "cannot read the folder: \(String(cString: strerror(code)))",
                hint: "check that it exists and that you may read and enter it"))
    }

    private func location(_ shownName: String) -> SourceLocation {
        SourceLocation(file: shownName, line: 1, column: 1)
    }

    /// The path with every link and `..` resolved, or why it cannot be.
    private static func realPath(_ path: String) -> Result<String, DirectoryEntry.ReadFailure> {
        guard let resolved = realpath(path, nil) else { return .failure(DirectoryEntry.ReadFailure(code: errno)) }
        defer { free(resolved) }
        return .success(String(cString: resolved))
    }
}
