import Testing

@testable import HandbookServe

@Suite struct ContentTypeTests {
    @Test(arguments: [
        ("index.html", "text/html; charset=utf-8"), ("assets/site.CSS", "text/css; charset=utf-8"),
        ("a/b.svg", "image/svg+xml"), ("font.woff2", "font/woff2"), ("README", "application/octet-stream"),
        ("archive.tar.gz", "application/octet-stream"), (".hidden/x", "application/octet-stream"),
    ])
    func typeFollowsTheExtension(path: String, type: String) {
        #expect(ContentType.of(path) == type)
    }
}
