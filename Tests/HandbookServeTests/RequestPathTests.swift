import Testing

@testable import HandbookServe

/// Which request paths reach which file of the site, decided before any look-up.
@Suite struct RequestPathTests {
    static let files: Set<String> = ["index.html", "roles/index.html", "roles/analyst/index.html", "a b/x.css", "%2e/file.txt"]

    func resolve(_ raw: String) -> RequestPath {
        RequestPath.resolve(raw, exists: { Self.files.contains($0) })
    }

    @Test(arguments: [
        ("/", RequestPath.file("index.html")),
        ("/roles/", .file("roles/index.html")),
        ("/roles", .redirect("/roles/")),
        ("/roles/analyst/", .file("roles/analyst/index.html")),
        ("/a%20b/x.css", .file("a b/x.css")),
        ("/%252e/file.txt", .file("%2e/file.txt")),
        ("/missing", .notFound),
        ("/roles/index.html/", .notFound),
    ])
    func pathsInsideTheSiteResolve(raw: String, expected: RequestPath) {
        #expect(resolve(raw) == expected)
    }

    @Test(arguments: [
        "/../secret.txt", "/roles/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt", "/%2fetc/passwd", "/roles%2Findex.html", "/..\\secret.txt", "/\\..\\secret.txt", "/%5c..%5csecret.txt",
        "//etc/passwd", "/roles//index.html", "/%00", "/index.html%00.txt", "/./index.html", "/roles/.", "/%2e/index.html",
        "/%zz", "/%e9", "relative/path", "", "/roles/%0a",
    ])
    func pathsThatTryToLeaveOrHideAreRefused(raw: String) {
        #expect(resolve(raw) == .forbidden)
    }
}
