import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One entry of a folder, as readdir lists it.
struct DirectoryEntry {
    enum Kind {
        case folder, file
        /// A symbolic link, reported only when links are not followed.
        case link
        /// A device, pipe or socket, or (when links are followed) a link that leads nowhere.
        case other
    }
    /// The name, with any byte that is not UTF-8 replaced by U+FFFD.
    var name: String
    var kind: Kind
    /// Whether the name was valid UTF-8; a replaced name cannot be opened again.
    var nameIsUTF8 = true

    /// Why a folder could not be listed: the system's error number.
    struct ReadFailure: Error {
        var code: Int32
        /// The system's sentence for the error, e.g. "Permission denied".
        var reason: String { String(cString: strerror(code)) }
    }

    /// The entries of the folder at `path`, without `.` and `..`; nil when it cannot be read.
    static func list(_ path: String, followingLinks: Bool) -> [DirectoryEntry]? {
        try? read(path, followingLinks: followingLinks)
    }

    /// The entries of the folder at `path`, without `.` and `..`, or why it cannot be read.
    /// readdir's entry types spare a stat per entry: one is made only where the file system
    /// gives no type, and, with `followingLinks`, for symbolic links (which then count as what
    /// they point at).
    static func read(_ path: String, followingLinks: Bool) throws(ReadFailure) -> [DirectoryEntry] {
        guard let handle = opendir(path) else { throw ReadFailure(code: errno) }
        defer { closedir(handle) }
        var entries: [DirectoryEntry] = []
        while let entry = readdir(handle) {
            let (name, valid) = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.prefix { $0 != 0 }
                return (String(decoding: bytes, as: UTF8.self), String(validating: bytes, as: UTF8.self) != nil)
            }
            if name == "." || name == ".." { continue }
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_UNKNOWN) || (followingLinks && type == Int32(DT_LNK)) {
                var info = stat()
                let found = followingLinks ? stat(path + "/" + name, &info) : lstat(path + "/" + name, &info)
                guard found == 0 else {
                    entries.append(DirectoryEntry(name: name, kind: .other, nameIsUTF8: valid))
                    continue
                }
                type = kind(of: info.st_mode)
            }
            let kind: Kind =
                switch type {
                case Int32(DT_DIR): .folder
                case Int32(DT_REG): .file
                case Int32(DT_LNK): .link
                default: .other
                }
            entries.append(DirectoryEntry(name: name, kind: kind, nameIsUTF8: valid))
        }
        return entries
    }

    /// The readdir type (`DT_*`) for a stat mode.
    private static func kind(of mode: mode_t) -> Int32 {
        switch mode & S_IFMT {
        case S_IFDIR: Int32(DT_DIR)
        case S_IFREG: Int32(DT_REG)
        case S_IFLNK: Int32(DT_LNK)
        default: 0
        }
    }
}
