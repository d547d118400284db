import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The bad inputs the tests make rather than commit, and the extra checks some cases need.
enum BadInput {
    /// Seconds an ordinary case may take; pathological ones name their own budget.
    static let defaultBudget = 30.0

    /// A case made in a temporary folder.
    struct Generated: Sendable {
        /// Makes the input under the root (after any committed part was copied there); returns
        /// why the case cannot run on this machine, or nil.
        var make: @Sendable (URL) throws -> String?
        /// Seconds the build may take, printed with the time it took; nil for the default.
        var budget: Double?
        /// More checks on a site that was built.
        var check: (@Sendable (URL) -> Void)?

        init(budget: Double? = nil, check: (@Sendable (URL) -> Void)? = nil, _ make: @escaping @Sendable (URL) throws -> String?) {
            self.make = make
            self.budget = budget
            self.check = check
        }

        /// A case whose input is always made.
        static func always(
            budget: Double? = nil, check: (@Sendable (URL) -> Void)? = nil, _ make: @escaping @Sendable (URL) throws -> Void
        ) -> Generated {
            Generated(budget: budget, check: check) { root in
                try make(root)
                return nil
            }
        }
    }

    static let home = "---\ntitle: Home\n---\n\nWelcome.\n"

    static let generated: [String: Generated] = [
        // The environment.
        "missing-content": .always { _ in },
        "content-is-a-file": .always { root in try write(root, "Content", "not a folder\n") },
        "empty-content": .always { root in try makeFolder(root, "Content") },
        "unreadable-file": Generated { root in
            try write(root, "Content/_index.md", home)
            try write(root, "Content/guide.md", "---\ntitle: Guide\n---\n")
            return try lockOut(root, "Content/guide.md")
        },
        "unreadable-folder": Generated { root in
            try write(root, "Content/_index.md", home)
            try write(root, "Content/guides/guide.md", "---\ntitle: Guide\n---\n")
            return try lockOut(root, "Content/guides")
        },
        "fifo-in-content": .always { root in
            try write(root, "Content/_index.md", home)
            // Reading a pipe nobody writes to would wait forever.
            guard mkfifo(root.appendingPathComponent("Content/pipe.md").path, 0o644) == 0 else { throw Failure("mkfifo failed") }
        },

        // Sizes and depths.
        "huge-page": .always(budget: 60, check: { expectFile($0, "index.html", containing: "Part 2000") }) { root in
            let paragraph = String(repeating: "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", count: 10) + "\n\n"
            var text = "---\ntitle: Huge\n---\n\n"
            var part = 0
            while text.utf8.count < 20 << 20 {
                if part % 50 == 0 { text += "## Part \(part)\n\n" }
                text += paragraph
                part += 1
            }
            try write(root, "Content/_index.md", text)
        },
        "nested-block-quotes": .always(budget: 60) { root in
            try write(root, "Content/_index.md", "# Deep\n\n" + String(repeating: "> ", count: 10_000) + "deep\n")
        },
        "nested-list-items": .always(budget: 60) { root in
            try write(root, "Content/_index.md", "# Deep\n\n" + String(repeating: "- ", count: 10_000) + "deep\n")
        },
        "nested-indented-list-items": .always(budget: 60) { root in
            var text = "# Deep\n\n"
            // Each level indents two more spaces: a thousand levels already make a 1 MB file.
            for depth in 0..<1_000 { text += String(repeating: "  ", count: depth) + "- item \(depth)\n" }
            try write(root, "Content/_index.md", text)
        },
        "links-100k": .always(budget: 60, check: { expectFile($0, "links/index.html", containing: "l99999") }) { root in
            try write(root, "Content/_index.md", home)
            let links = (0..<100_000).map { "[l\($0)](_index.md)" }.joined(separator: " ")
            try write(root, "Content/links.md", "# Links\n\n" + links + "\n")
        },
        "long-title": .always(budget: 60) { root in
            try write(root, "Content/_index.md", home)
            try write(
                root, "Content/guide.md", "---\ntitle: \"" + String(repeating: "Very long title ", count: 6_250) + "\"\n---\n\nBody.\n")
        },
        "long-line": .always(budget: 60) { root in
            try write(root, "Content/_index.md", home)
            try write(root, "Content/guide.md", "# Long\n\n" + String(repeating: "word ", count: 200_000) + "\n")
        },

        // Names.
        "odd-names": .always(check: { output in
            for page in ["with space", "café", "[brackets]", "Q&A", "it's", "a+b", "emoji-😀", "日本語", "trailing-dot."] {
                expectFile(output, page + "/index.html", containing: "<h1")
            }
            expectFile(output, "with space.png", containing: "png")
        }) { root in
            let names = ["with space", "café", "[brackets]", "Q&A", "it's", "a+b", "emoji-😀", "日本語", "trailing-dot."]
            for name in names { try write(root, "Content/\(name).md", "# Page \(name)\n") }
            try write(root, "Content/with space.png", "png")
            try write(
                root, "Content/_index.md",
                "# Home\n\n[space](with%20space.md) [angle](<with space.md>) [café](caf%C3%A9.md) [brackets](%5Bbrackets%5D.md) "
                    + "[qa](Q&A.md) [it](it's.md) [plus](a+b.md) [emoji](emoji-😀.md) [jp](日本語.md) [dot](trailing-dot..md)\n\n"
                    + "![image](with%20space.png)\n")
        },
        "odd-names-in-addresses": .always { root in
            try write(root, "Content/_index.md", home)
            for name in ["a#b", "what?", "100%", "say \"hi\"", "<tag>", "back\\slash"] {
                try write(root, "Content/\(name).md", "# Odd\n")
            }
        },
        "odd-folder-name": .always { root in
            try write(root, "Content/_index.md", home)
            try write(root, "Content/q#a/page.md", "# Page\n")
        },
        "control-character-in-name": .always { root in
            try write(root, "Content/_index.md", home)
            try write(root, "Content/new\nline.md", "# Odd\n")
            try write(root, "Content/bell\u{7}.md", "# Odd\n")
        },
        "bidi-override-in-name": .always { root in
            try write(root, "Content/_index.md", home)
            try write(root, "Content/invoice\u{202E}fdp.md", "# Invoice\n")
        },
        "non-utf8-name": .always { root in
            try write(root, "Content/_index.md", home)
            try writeRaw(root, bytes: Array("Content/caf".utf8) + [0xE9] + Array(".md".utf8), "# Latin-1\n")
            try writeRaw(root, bytes: Array("Content/d".utf8) + [0xE9, 0x2F] + Array("page.md".utf8), "# In a Latin-1 folder\n")
        },
        "unicode-normalization-twins": .always { root in
            try write(root, "Content/_index.md", home)
            try write(root, "Content/caf\u{E9}.md", "# Composed\n")
            try write(root, "Content/cafe\u{301}.md", "# Decomposed\n")
        },

        // Symbolic links.
        "symlink-outside-folder": .always(check: { expectNoSecrets($0) }) { root in
            try write(root, "Content/_index.md", home)
            try link(root, "Content/etc", to: "/etc")
        },
        "symlink-outside-file": .always(check: { expectNoSecrets($0) }) { root in
            try write(root, "Content/_index.md", home)
            try link(root, "Content/passwd.md", to: "/etc/passwd")
            try link(root, "Content/hosts.txt", to: "/etc/hosts")
        },
        "symlink-relative-outside": .always(check: { expectNoSecrets($0) }) { root in
            try write(root, "Content/_index.md", home)
            try write(root, "secret.md", "# root:x:0:0 secret\n")
            try link(root, "Content/secret.md", to: "../secret.md")
            try link(root, "Content/guides/up", to: "../../")
        },
        "symlink-loop-to-parent": .always { root in
            try write(root, "Content/_index.md", home)
            try write(root, "Content/guides/guide.md", "# Guide\n")
            try link(root, "Content/guides/loop", to: "..")
            try link(root, "Content/guides/self", to: ".")
        },
        "symlink-loop-of-links": .always { root in
            try write(root, "Content/_index.md", home)
            try link(root, "Content/a.md", to: "b.md")
            try link(root, "Content/b.md", to: "a.md")
        },
        "symlink-folders-pointing-at-each-other": .always { root in
            try write(root, "Content/_index.md", home)
            try write(root, "Content/a/page.md", "# A\n")
            try write(root, "Content/b/page.md", "# B\n")
            try link(root, "Content/a/to-b", to: "../b")
            try link(root, "Content/b/to-a", to: "../a")
        },
        "symlink-dangling": .always { root in
            try write(root, "Content/_index.md", home)
            try link(root, "Content/gone.md", to: "nowhere.md")
            try link(root, "Content/gone", to: "missing/folder")
        },
        "symlink-inside-file": .always(check: { output in
            expectFile(output, "guides/real/index.html", containing: "Real")
            expectFile(output, "shortcut/index.html", containing: "Real")
        }) { root in
            try write(root, "Content/_index.md", home)
            try write(root, "Content/guides/real.md", "# Real\n")
            try link(root, "Content/shortcut.md", to: "guides/real.md")
        },
        "symlink-inside-folder": .always(check: { output in
            expectFile(output, "v2/page/index.html", containing: "Version two")
            expectFile(output, "latest/page/index.html", containing: "Version two")
        }) { root in
            try write(root, "Content/_index.md", home)
            try write(root, "Content/v2/page.md", "# Version two\n")
            try link(root, "Content/latest", to: "v2")
            try link(root, "Content/newest", to: "v2")
        },
        "symlink-content-folder": .always(check: { expectFile($0, "guide/index.html", containing: "Guide") }) { root in
            try write(root, "elsewhere/_index.md", home)
            try write(root, "elsewhere/guide.md", "# Guide\n")
            try link(root, "Content", to: "elsewhere")
        },
        "symlink-theme-outside": .always(check: { expectNoSecrets($0) }) { root in
            try write(root, "Content/_index.md", home)
            try link(root, "Themes/default/assets/extra.css", to: "/etc/passwd")
            try link(root, "Themes/default/templates", to: "/etc")
        },
    ]

    /// Checks of committed cases that build.
    static let checks: [String: @Sendable (URL) -> Void] = [
        "yaml-anchor-and-alias": { output in
            expectFile(output, "guide/index.html", containing: "<meta name=\"description\" content=\"Anchored title\">")
        },
        "yaml-merge-key": { output in expectFile(output, "roles/lead/index.html", containing: "Leads") },
        "nul-in-body": { output in
            for (path, data) in Fixtures.files(in: output) { #expect(!data.contains(0), "\(path) holds a NUL byte") }
            expectFile(output, "guide/index.html", containing: "Nul \u{FFFD} here")
        },
        "hostile-strings": { output in
            for (path, data) in Fixtures.files(in: output) {
                #expect(!String(decoding: data, as: UTF8.self).contains("<x-pwn>"), "\(path) holds the injected tag")
            }
        },
        "rtl-override-title": { output in expectFile(output, "guide/index.html", containing: "Invoice \u{202E}fdp.exe") },
        "folder-named-like-a-page": { output in expectFile(output, "notes.md/inside/index.html", containing: "Inside") },
        "fm-without-body": { output in expectFile(output, "guide/index.html", containing: "Only front matter") },
    ]

    // MARK: - Making inputs

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func write(_ root: URL, _ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static func makeFolder(_ root: URL, _ path: String) throws {
        try FileManager.default.createDirectory(at: root.appendingPathComponent(path), withIntermediateDirectories: true)
    }

    /// Writes a file whose path is given as bytes, which need not be UTF-8.
    static func writeRaw(_ root: URL, bytes: [UInt8], _ text: String) throws {
        var path = Array(root.path.utf8) + [UInt8(ascii: "/")] + bytes
        if let slash = path.lastIndex(of: UInt8(ascii: "/")) {
            let folder = path[..<slash] + [0]
            _ = folder.withUnsafeBufferPointer { mkdir(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), 0o755) }
        }
        path.append(0)
        let fd = path.withUnsafeBufferPointer {
            open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        guard fd >= 0 else { throw Failure("cannot create a file with a raw name") }
        defer { close(fd) }
        let data = Array(text.utf8)
        guard Glibc.write(fd, data, data.count) == data.count else { throw Failure("cannot write a file with a raw name") }
    }

    static func link(_ root: URL, _ path: String, to target: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
    }

    /// Takes every permission off a path; returns why the case cannot run when that does not
    /// stop reads (as root).
    static func lockOut(_ root: URL, _ path: String) throws -> String? {
        let full = root.appendingPathComponent(path).path
        guard chmod(full, 0) == 0 else { throw Failure("chmod failed") }
        let fd = open(full, O_RDONLY)
        guard fd < 0 else {
            close(fd)
            return "chmod 000 does not stop this user from reading (running as root)"
        }
        return nil
    }

    /// Deletes a temporary folder, giving back permissions a case took away.
    static func remove(_ folder: URL) {
        for locked in ["site/Content/guides", "site/Content/guide.md"] { _ = chmod(folder.path + "/" + locked, 0o755) }
        try? FileManager.default.removeItem(at: folder)
    }

    // MARK: - Checking outputs

    static func expectFile(
        _ output: URL, _ path: String, containing text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let data = try? Data(contentsOf: output.appendingPathComponent(path))
        #expect(data != nil, "\(path) was not built", sourceLocation: sourceLocation)
        if let data {
            #expect(
                String(decoding: data, as: UTF8.self).contains(text), "\(path) lacks \(text.prefix(80))", sourceLocation: sourceLocation)
        }
    }

    /// Nothing of /etc (or a file beside Content/) reached the site.
    static func expectNoSecrets(_ output: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        for (path, data) in Fixtures.files(in: output) {
            #expect(!String(decoding: data, as: UTF8.self).contains("root:x:0:0"), "\(path) holds a file from outside Content/")
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("etc").path), sourceLocation: sourceLocation)
    }
}
