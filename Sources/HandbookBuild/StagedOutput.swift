import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The output folder's double: files are written into a staging folder beside the output,
/// which is swapped in only when the whole build succeeded, so a failed or interrupted build
/// never touches the output.
///
/// The staging folder is the output of the build before last, kept after each swap: writing
/// over existing files reuses their inodes, where creating 20,000 files and folders right
/// after deleting as many cost ext4 several seconds on the benchmark machine.
final class StagedOutput: Sendable {
    let output: URL
    let staging: URL
    private let previous: URL
    private let written = Mutex<Set<String>>([])
    /// Whether the staging folder started empty, so there is nothing old to prune.
    private let startedEmpty: Bool
    /// How many folders this build made in each folder, for `makeFolder`.
    private let childFolders = Mutex<[String: Int]>([:])

    /// Prepares the staging folder (reusing the last one if it is there).
    init(output: URL) throws {
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).staging")
        previous = parent.appendingPathComponent(".\(self.output.lastPathComponent).swap")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        startedEmpty = (try? FileManager.default.contentsOfDirectory(atPath: staging.path).isEmpty) ?? false
        if startedEmpty {
            let fd = open(staging.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd >= 0 {
                Self.setSpreadsFolders(fd, true)
                close(fd)
            }
        }
    }

    /// Sets or clears the `T` attribute (chattr) of the folder `fd` on ext2/3/4: folders made in
    /// a `T` folder are placed as top-level ones, each in a block group of its own choosing,
    /// rather than in the group where the parent last placed one. Elsewhere the request fails
    /// and nothing changes.
    private static func setSpreadsFolders(_ fd: Int32, _ on: Bool) {
        #if os(Linux)
            let getFlags: UInt = 0x8008_6601  // FS_IOC_GETFLAGS
            let setFlags: UInt = 0x4008_6602  // FS_IOC_SETFLAGS
            let topDirectory: Int32 = 0x0002_0000  // FS_TOPDIR_FL
            var flags: Int32 = 0
            guard ioctl(fd, getFlags, &flags) == 0 else { return }
            flags = on ? flags | topDirectory : flags & ~topDirectory
            _ = ioctl(fd, setFlags, &flags)
        #endif
    }

    /// Writes one file into the staging folder; safe to call from many threads.
    ///
    /// A reused staging folder holds the build before last, mostly the same bytes: a file
    /// that is already right is left alone, and one that changed is overwritten in place.
    /// Truncating instead made ext4 discard the freed blocks and flush the file on close,
    /// which waited on the disk for every page.
    func write(_ path: String, _ data: Data) throws {
        try data.withUnsafeBytes { try write(path, $0) }
    }

    /// Writes one text file, straight from the string's UTF-8 storage.
    func write(_ path: String, _ text: String) throws {
        var text = text
        try text.withUTF8 { try write(path, UnsafeRawBufferPointer($0)) }
    }

    private func write(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        let full = staging.path + "/" + path
        let updated = try !startedEmpty && Self.updateExisting(full, with: bytes, path: path)
        if !updated {
            try makeParents(of: full)
            let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw POSIXError(path: path, code: errno) }
            defer { close(fd) }
            try Self.writeAll(fd, bytes, path: path)
        }
        written.withLock { _ = $0.insert(path) }
    }

    /// Updates the file at `full` if it exists; false when it does not.
    private static func updateExisting(_ full: String, with bytes: UnsafeRawBufferPointer, path: String) throws -> Bool {
        let fd = open(full, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return false }
            throw POSIXError(path: path, code: errno)
        }
        defer { close(fd) }
        try update(fd, with: bytes, path: path)
        return true
    }

    /// Makes an open file hold `bytes`, writing only when it does not already.
    private static func update(_ fd: Int32, with bytes: UnsafeRawBufferPointer, path: String) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw POSIXError(path: path, code: errno) }
        if Int(info.st_size) == bytes.count, try contents(of: fd, count: bytes.count, path: path, equal: bytes) { return }
        try writeAll(fd, bytes, path: path)
        if Int(info.st_size) > bytes.count, ftruncate(fd, off_t(bytes.count)) != 0 { throw POSIXError(path: path, code: errno) }
    }

    /// Whether the file's first `count` bytes are `expected`.
    private static func contents(of fd: Int32, count: Int, path: String, equal expected: UnsafeRawBufferPointer) throws -> Bool {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < count {
            let n = pread(fd, buffer.baseAddress! + offset, count - offset, off_t(offset))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return count == 0 || memcmp(buffer.baseAddress!, expected.baseAddress!, count) == 0
    }

    /// Writes all of `bytes` from the start of the file.
    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + offset, bytes.count - offset, off_t(offset))
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXError(path: path, code: errno)
            }
            offset += n
        }
    }

    /// Copies a file from the content folder into the staging folder.
    func copy(from source: URL, to path: String) throws {
        try write(path, try Data(contentsOf: source))
    }

    /// Removes what an older build left in staging, then swaps staging in for the output.
    func commit() throws {
        if !startedEmpty { prune(keep: written.withLock { $0 }) }
        let fm = FileManager.default
        try? fm.removeItem(at: previous)
        if fm.fileExists(atPath: output.path) {
            try fm.moveItem(at: output, to: previous)
            do {
                try fm.moveItem(at: staging, to: output)
            } catch {
                try? fm.moveItem(at: previous, to: output)
                throw error
            }
            // The old output becomes the next build's staging folder.
            try? fm.moveItem(at: previous, to: staging)
        } else {
            try fm.moveItem(at: staging, to: output)
        }
    }

    /// How many files this build wrote.
    var count: Int { written.withLock { $0.count } }

    /// Deletes every file under staging that this build did not write, and the folders left
    /// empty.
    private func prune(keep: Set<String>) {
        func walk(_ path: String, _ prefix: String) {
            let entries = DirectoryEntry.list(path, followingLinks: false) ?? []
            for entry in entries where entry.kind != .folder && !keep.contains(prefix + entry.name) {
                unlink(path + "/" + entry.name)
            }
            // Children first, so a folder emptied here goes too; rmdir fails harmlessly on the rest.
            for entry in entries where entry.kind == .folder {
                walk(path + "/" + entry.name, prefix + entry.name + "/")
                rmdir(path + "/" + entry.name)
            }
        }
        walk(staging.path, "")
    }

    private func makeParents(of file: String) throws {
        guard let slash = file.lastIndex(of: "/") else { return }
        let folder = String(file[..<slash])
        if makeFolder(folder) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else { throw POSIXError(path: folder, code: errno) }
        try makeParents(of: folder)
        if makeFolder(folder) != 0, errno != EEXIST { throw POSIXError(path: folder, code: errno) }
    }

    /// Makes one folder, like mkdir (0 or -1 and errno).
    ///
    /// In a fresh staging folder, every `spreadEvery`-th folder made in the same parent is
    /// placed by ext4 as a top-level one, in the block group with the fewest folders, and the
    /// ones after it follow it there. A fresh build usually comes right after the old output
    /// was deleted; ext4 without a journal then skips every recently deleted inode of a group
    /// each time it allocates one there, and left to itself it puts a section's pages and their
    /// files into the very group that was just emptied. Spreading all folders instead made
    /// ext4 scan every group for each of them. Placement changes no byte of the output;
    /// another thread may see the attribute in passing, which only moves one more folder.
    private func makeFolder(_ folder: String) -> Int32 {
        guard startedEmpty, let slash = folder.lastIndex(of: "/") else { return mkdir(folder, 0o755) }
        let parent = String(folder[..<slash])
        let made = childFolders.withLock { $0[parent, default: 0] }
        let result: Int32
        // The staging folder itself spreads every folder made in it (the sections).
        if made % Self.spreadEvery != 0 || parent == staging.path {
            result = mkdir(folder, 0o755)
        } else {
            // Files are also written into folders made earlier: those need no placing.
            var info = stat()
            if stat(folder, &info) == 0 {
                errno = EEXIST
                return -1
            }
            let fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { return -1 }
            Self.setSpreadsFolders(fd, true)
            result = mkdirat(fd, String(folder[folder.index(after: slash)...]), 0o755)
            let saved = errno
            Self.setSpreadsFolders(fd, false)
            close(fd)
            errno = saved
        }
        if result == 0 { childFolders.withLock { $0[parent, default: 0] += 1 } }
        return result
    }

    /// How many folders of one parent in a row share a block group in a fresh staging tree.
    private static let spreadEvery = 8

    struct POSIXError: LocalizedError {
        var path: String
        var code: Int32
        var errorDescription: String? { "\(path): \(String(cString: strerror(code)))" }
    }
}
