import CFileSystem
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The user's output folder and the work folder beside it (`.NAME.handbook/`): where a build
/// may write, the lock that keeps two builds apart, and the swap that replaces the whole site
/// in one step.
///
/// The work folder holds:
/// - `lock`: held (flock) by the build that is running; the kernel lets go when it ends.
/// - `site/`: the staging tree the build writes into; after a swap, the previous site, which
///   the next build updates in place.
/// - `manifest`: the files of the site now in the output folder, so a file that handbook did
///   not write is never taken for its own; `manifest.next` is the one being swapped in.
/// - `moved`: while the swap runs, the user's entries carried from the old site to the new.
/// - `cache/`: the rendered Markdown of the last build (`BuildCache`), which a CI job may keep.
/// - `staging-keys`: what made each page file of the staging tree, for the next build to
///   take unchanged pages from it (`PageReuse`).
///
/// At every instant the output folder is a whole old site or a whole new one: the new tree is
/// finished beside it and exchanged with it in one `renameat2(RENAME_EXCHANGE)`. The user's
/// entries (dotfiles and dot-folders at the top, `keep:` paths) are renamed into the new tree
/// first, each in one step with its contents untouched, and put back by the next build if one
/// was killed in between.
final class OutputFolder {
    /// The output folder, symbolic links resolved.
    let output: String
    /// The work folder beside it.
    let work: String
    /// Held for the life of this value.
    private let lockDescriptor: Int32

    /// The staging tree the build writes into.
    var staging: String { work + "/site" }
    /// The build cache's folder.
    var cache: String { work + "/cache" }
    private var manifest: String { work + "/manifest" }
    private var nextManifest: String { work + "/manifest.next" }
    private var movedJournal: String { work + "/moved" }
    /// Where the old site waits while a file system that cannot exchange swaps in two renames.
    private var oldSite: String { work + "/old" }

    /// Checks that `output` is a safe place for a site of `root`, takes the lock, and repairs
    /// what an interrupted build left; touches nothing if the location is refused.
    init(output url: URL, root: URL) throws(OutputFolderError) {
        let requested = url.standardizedFileURL.path
        guard let resolved = Self.resolve(requested) else {
            throw .refused("the output folder's parent \((requested as NSString).deletingLastPathComponent) does not exist")
        }
        output = resolved
        try Self.checkLocation(output, root: Self.resolve(root.standardizedFileURL.path) ?? root.path)
        let parent = (output as NSString).deletingLastPathComponent
        work = parent + "/." + (output as NSString).lastPathComponent + ".handbook"
        // `--output new/folder` makes its parents, as `mkdir -p` would.
        var made = mkdir(work, 0o755)
        if made != 0, errno == ENOENT {
            try Self.makeFolders(parent)
            made = mkdir(work, 0o755)
        }
        if made != 0, errno != EEXIST { throw .system(work, errno) }
        lockDescriptor = open(work + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0 else { throw .system(work + "/lock", errno) }
        guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(lockDescriptor)
            if code == EWOULDBLOCK { throw .busy(output) }
            throw .system(work + "/lock", code)
        }
        FaultInjection.reached("lock")
        do throws(OutputFolderError) {
            try recover()
        } catch {
            close(lockDescriptor)
            throw error
        }
    }

    deinit {
        // Unlock before closing: a child process forked meanwhile (before its exec closes the
        // descriptor) shares it, and closing ours alone would leave the lock held.
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

    // MARK: - Where a site may go

    /// The real path of `path`, or of its parent joined with its name when it does not exist yet.
    private static func resolve(_ path: String) -> String? {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let parent = (path as NSString).deletingLastPathComponent
        guard parent != path, let realParent = resolve(parent) else { return nil }
        return (realParent as NSString).appendingPathComponent((path as NSString).lastPathComponent)
    }

    /// Refuses an output folder that would swallow or sit among the site's sources, or that
    /// is not a folder.
    private static func checkLocation(_ output: String, root: String) throws(OutputFolderError) {
        func isInside(_ path: String, _ folder: String) -> Bool {
            path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
        }
        if isInside(root, output) {
            throw .refused(
                output == root
                    ? "the output folder \(output) is the site's own folder; building there would replace Content/"
                    : "the output folder \(output) holds the site's folder \(root); building there would replace Content/")
        }
        for source in ["Content", "Themes"] where isInside(output, root + "/" + source) {
            throw .refused("the output folder \(output) is inside \(source)/, which the build reads")
        }
        var info = stat()
        if lstat(output, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw .refused("\(output) exists and is not a folder") }
            for source in ["Content", "Themes"] where access(output + "/" + source, F_OK) == 0 {
                throw .refused("the output folder \(output) holds a \(source)/ folder: it looks like a site's sources, not its output")
            }
        }
    }

    // MARK: - Repairs

    /// Puts back what a build killed in the middle of its swap left in the work folder.
    private func recover() throws(OutputFolderError) {
        // Killed between the two renames of the fallback swap: the old site waits in `old`.
        if exists(oldSite) {
            if !exists(output) {
                try rename(oldSite, output)
            } else {
                try removeTree(oldSite)
            }
        }
        // Killed while carrying the user's entries into the new tree: carry them back.
        if let journal = try? String(contentsOfFile: movedJournal, encoding: .utf8) {
            for path in journal.split(separator: "\n").map(String.init) {
                let moved = staging + "/" + path, original = output + "/" + path
                if exists(moved) && !exists(original) { try rename(moved, original) }
            }
            unlink(movedJournal)
        }
        FaultInjection.reached("recover")
    }

    /// Makes the staging tree if it is not there (the first build, or after a failure).
    func prepareStaging() throws(OutputFolderError) {
        if mkdir(staging, 0o755) != 0, errno != EEXIST { throw .system(staging, errno) }
    }

    // MARK: - The swap

    /// Replaces the site in the output folder with the staging tree in one step.
    ///
    /// - Parameters:
    ///   - written: every file of the new site, relative to the output folder.
    ///   - keep: paths from `keep:` in site.yml, kept from the old output like dotfiles.
    func swapIn(written: Set<String>, keep: [String]) throws(OutputFolderError) {
        let hasOutput = exists(output)
        var carried: [String] = []
        if hasOutput {
            let kept = keptEntries(keep: keep)
            try checkOwnership(keeping: kept)
            carried = kept.sorted()
        }
        try writeFile(nextManifest, written.sorted().joined(separator: "\n"))
        FaultInjection.reached("manifest")
        guard hasOutput else {
            // Nothing to exchange with: the new tree appears whole under the output's name.
            try renameNoReplace(staging, output)
            try commitManifest()
            return
        }
        try copyFolderAttributes(from: output, to: staging)
        try writeFile(movedJournal, carried.joined(separator: "\n"))
        var done: [String] = []
        do throws(OutputFolderError) {
            for path in carried {
                if lexists(staging + "/" + path) {
                    throw .refused(
                        "\(staging)/\(path) is left from an interrupted build and \(output)/\(path) exists too; keep the one you want and delete the other"
                    )
                }
                try makeParents(staging + "/" + path)
                try rename(output + "/" + path, staging + "/" + path)
                done.append(path)
                FaultInjection.reached("keep")
            }
            try exchange(output, staging)
        } catch {
            // Put the user's entries back where they were before reporting.
            for path in done.reversed() { _ = systemRename(staging + "/" + path, output + "/" + path) }
            unlink(movedJournal)
            throw error
        }
        FaultInjection.reached("exchange")
        unlink(movedJournal)
        try commitManifest()
    }

    private func commitManifest() throws(OutputFolderError) {
        try rename(nextManifest, manifest)
        FaultInjection.reached("done")
        // Versions before the work folder kept their staging folders beside the output.
        let parent = (output as NSString).deletingLastPathComponent, name = (output as NSString).lastPathComponent
        for legacy in [".\(name).staging", ".\(name).swap"] { try? removeTree(parent + "/" + legacy) }
    }

    /// The user's entries in the output folder: dotfiles and dot-folders at its top, and
    /// `keep:` paths that exist.
    private func keptEntries(keep: [String]) -> Set<String> {
        var kept = Set<String>()
        for entry in DirectoryEntry.list(output, followingLinks: false) ?? [] where entry.name.hasPrefix(".") {
            kept.insert(entry.name)
        }
        for path in keep where lexists(output + "/" + path) { kept.insert(path) }
        return kept
    }

    /// Stops the swap if the output folder holds anything handbook did not write and was not
    /// told to keep: the swap would take it out of the output folder.
    private func checkOwnership(keeping kept: Set<String>) throws(OutputFolderError) {
        var known = Set<String>()
        var haveManifest = false
        for list in [manifest, nextManifest] {
            guard let text = try? String(contentsOfFile: list, encoding: .utf8) else { continue }
            haveManifest = true
            for line in text.split(separator: "\n") { known.insert(String(line)) }
        }
        // Output written by handbook before the work folder existed had its staging folder
        // beside it: such a folder is handbook's own.
        let parent = (output as NSString).deletingLastPathComponent
        let legacyStaging = parent + "/." + (output as NSString).lastPathComponent + ".staging"
        if !haveManifest && exists(legacyStaging) { return }
        var foreign: [String] = []
        var folders = Set<String>()
        // Folders on the way to a kept path are walked too: what else they hold is checked.
        for path in known.union(kept) {
            var slash = path.lastIndex(of: "/")
            while let end = slash {
                let folder = String(path[..<end])
                if !folders.insert(folder).inserted { break }
                slash = folder.lastIndex(of: "/")
            }
        }
        func walk(_ path: String, _ prefix: String) {
            for entry in DirectoryEntry.list(path, followingLinks: false) ?? [] {
                let relative = prefix + entry.name
                if kept.contains(relative) { continue }
                if entry.kind == .folder {
                    if folders.contains(relative) {
                        walk(path + "/" + entry.name, relative + "/")
                    } else {
                        foreign.append(relative + "/")
                    }
                } else if entry.kind != .file || !known.contains(relative) {
                    foreign.append(relative)
                }
            }
        }
        walk(output, "")
        if !foreign.isEmpty { throw .foreignFiles(output, foreign.sorted()) }
    }

    /// Gives the new tree the old output folder's permissions (and owner, when allowed), so
    /// the swap changes no attribute the user sees on the folder.
    private func copyFolderAttributes(from source: String, to target: String) throws(OutputFolderError) {
        var info = stat()
        guard stat(source, &info) == 0 else { throw .system(source, errno) }
        guard chmod(target, info.st_mode & 0o7777) == 0 else { throw .system(target, errno) }
        var targetInfo = stat()
        if geteuid() == 0, stat(target, &targetInfo) == 0, targetInfo.st_uid != info.st_uid || targetInfo.st_gid != info.st_gid {
            _ = chown(target, info.st_uid, info.st_gid)
        }
    }

    /// Swaps two folders in one step; where the file system cannot, in two renames that the
    /// next build finishes if this one is killed between them.
    private func exchange(_ first: String, _ second: String) throws(OutputFolderError) {
        if !FaultInjection.exchangeDisabled, handbook_exchange_paths(first, second) == 0 { return }
        let code = FaultInjection.exchangeDisabled ? EINVAL : errno
        guard code == EINVAL || code == ENOSYS || code == ENOTSUP else {
            if code == EBUSY || code == EXDEV {
                throw .refused("\(first) is a mount point; handbook replaces the output folder as a whole, so mount its parent instead")
            }
            throw .system(first, code)
        }
        try rename(first, oldSite)
        FaultInjection.reached("fallback")
        try rename(second, first)
        try rename(oldSite, second)
    }

    /// Whether the output folder exists.
    var hasOutput: Bool { exists(output) }

    // MARK: - Small file operations

    /// Writes `text` beside `path` and renames it over `path`, so a reader never sees half of
    /// it; false (and nothing left beside it) when that failed.
    @discardableResult
    func replaceFile(_ path: String, with text: String) -> Bool {
        do throws(OutputFolderError) {
            try writeFile(path + ".next", text)
            try rename(path + ".next", path)
            return true
        } catch {
            unlink(path + ".next")
            return false
        }
    }

    /// Deletes the staging tree and the manifest that was not swapped in, after a failed
    /// write: a full disk must not stay fuller because of us.
    func discardStaging() {
        try? removeTree(staging)
        unlink(nextManifest)
    }

    private func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    private func lexists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private func rename(_ from: String, _ to: String) throws(OutputFolderError) {
        if systemRename(from, to) != 0 { throw .system(from, errno) }
    }

    private func renameNoReplace(_ from: String, _ to: String) throws(OutputFolderError) {
        if handbook_rename_no_replace(from, to) == 0 { return }
        if errno == EINVAL || errno == ENOSYS {
            try rename(from, to)
        } else {
            throw .system(to, errno)
        }
    }

    private func makeParents(_ path: String) throws(OutputFolderError) {
        try Self.makeFolders((path as NSString).deletingLastPathComponent)
    }

    /// Makes a folder and its missing parents.
    private static func makeFolders(_ folder: String) throws(OutputFolderError) {
        var info = stat()
        if stat(folder, &info) == 0 { return }
        try makeFolders((folder as NSString).deletingLastPathComponent)
        if mkdir(folder, 0o755) != 0, errno != EEXIST { throw .system(folder, errno) }
    }

    private func writeFile(_ path: String, _ text: String) throws(OutputFolderError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system(path, errno) }
        defer { close(fd) }
        var text = text
        let failure: Int32? = text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
        if let failure { throw .system(path, failure) }
    }

    /// Deletes a folder tree of handbook's own, without following links.
    private func removeTree(_ path: String) throws(OutputFolderError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            for entry in DirectoryEntry.list(path, followingLinks: false) ?? [] { try removeTree(path + "/" + entry.name) }
            if rmdir(path) != 0 { throw .system(path, errno) }
        } else if unlink(path) != 0 {
            throw .system(path, errno)
        }
    }
}

/// The C library's rename, which `OutputFolder.rename` shadows inside the class.
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
