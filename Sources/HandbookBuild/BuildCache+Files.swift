import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The build cache's few file operations. Its folder is inside handbook's work folder, which
/// the build holds locked; nothing here follows a symbolic link or touches anything outside.
enum CacheFile {
    /// Whether `path` is a folder itself, not a link to one.
    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Makes the folder if it is missing; false when it cannot, or when something else is there.
    static func makeFolder(_ path: String) -> Bool {
        if isFolder(path) { return true }
        return mkdir(path, 0o755) == 0
    }

    /// A regular file's bytes (not through a symbolic link); nil when it cannot be read whole.
    static func contents(of path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        let complete = bytes.withUnsafeMutableBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = read(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        return complete ? bytes : nil
    }

    /// Writes `bytes` beside `path` and renames the new file over it, so that a reader finds
    /// the old file or the new one, whole; false (and nothing left behind) when that failed.
    static func replace(_ path: String, with bytes: [UInt8]) -> Bool {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { return false }
        let complete = bytes.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        guard close(fd) == 0, complete, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// A digest of the running program's bytes, read once per process: another build of
    /// handbook may render differently with the same version number. nil when it cannot be read.
    static let binaryDigest: KeyDigest? = {
        var path = Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
        #if os(Linux)
            // `argv[0]` is a bare name when the program was found through PATH.
            if let real = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { path = real }
        #endif
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hasher = KeyHasher()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { return hasher.digest }
            chunk.withUnsafeBytes { hasher.add(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        }
    }()

    // MARK: - Framing

    /// A file's bytes: `header`, what `write` adds, and a digest of both, which a reader checks.
    static func framed(header: [UInt8], capacity: Int = 1 << 16, _ write: (inout CacheWriter) -> Void) -> [UInt8] {
        var writer = CacheWriter(capacity: capacity)
        writer.bytes += header
        write(&writer)
        var hasher = KeyHasher()
        writer.bytes.withUnsafeBytes { hasher.add($0) }
        writer.digest(hasher.digest)
        return writer.bytes
    }

    /// Reads what `framed` wrote: nil unless the file starts with `header`, ends with the
    /// digest of the rest, and `read` takes exactly the bytes between. `read` gets a reader whose
    /// ranges (`CacheReader.skip`) count from the start of the file.
    static func framedBody<T>(
        _ bytes: [UInt8], header: [UInt8], _ read: (inout CacheReader) throws(CacheFormatError) -> T
    ) -> T? {
        guard bytes.count >= header.count + 16, bytes[..<header.count].elementsEqual(header) else { return nil }
        return bytes.withUnsafeBufferPointer { all -> T? in
            let body = UnsafeBufferPointer(rebasing: all[..<(all.count - 16)])
            var hasher = KeyHasher()
            hasher.add(UnsafeRawBufferPointer(body))
            var trailer = CacheReader(UnsafeBufferPointer(rebasing: all[(all.count - 16)...]))
            guard let stored = try? trailer.digest(), stored == hasher.digest else { return nil }
            var reader = CacheReader(UnsafeBufferPointer(rebasing: body[header.count...]), base: header.count)
            guard let value = try? read(&reader), reader.isAtEnd else { return nil }
            return value
        }
    }
}
