// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "handbook",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "handbook", targets: ["handbook"]),
        .library(name: "HandbookBuild", targets: ["HandbookBuild"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already in Hummingbird's graph; named because the preview imports them itself.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // cmark-gfm as Debian packages it (libcmark-gfm-dev, libcmark-gfm-extensions-dev).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // mimalloc as Debian packages it (libmimalloc-dev). Linked into the executable ahead of
        // the C library, it serves every malloc of the process (Swift, cmark-gfm, libyaml): a
        // build allocates millions of small blocks on all cores, and glibc's allocator cost a
        // fifth of the CPU time of the 10k-page benchmark.
        .systemLibrary(name: "CMimalloc", providers: [.apt(["libmimalloc-dev"])]),
        // System calls Swift's Glibc module lacks: swapping two folders in one step.
        .target(name: "CFileSystem"),
        // The only code that touches cmark pointers: parse, walk, rewrite, render.
        .target(name: "HandbookMarkdown", dependencies: ["CCmarkGFM"]),
        // Paths, diagnostics, YAML, front matter, site config, content model, collections.
        .target(name: "HandbookModel", dependencies: [.product(name: "Yams", package: "Yams")]),
        // Theme loading, templates, comparison tables, flow diagrams, search index.
        .target(
            name: "HandbookRender",
            dependencies: ["HandbookModel"],
            plugins: ["EmbedDefaultTheme"]
        ),
        // The pipeline: load, parse, resolve, render, write.
        .target(name: "HandbookBuild", dependencies: ["HandbookModel", "HandbookMarkdown", "HandbookRender", "CFileSystem"]),
        // The preview server: in-memory site, file watching, live reload. Its own target keeps
        // Hummingbird and SwiftNIO out of every other module.
        .target(
            name: "HandbookServe",
            dependencies: [
                "HandbookBuild",
                "HandbookRender",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "handbook",
            dependencies: [
                "HandbookBuild",
                "HandbookRender",
                "HandbookServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .target(name: "CMimalloc", condition: .when(platforms: [.linux])),
            ]
        ),
        // Build-time tool: turns Themes/default into Swift source so the binary carries its theme.
        .executableTarget(name: "ThemeEmbedder"),
        // Fuzzing: one input made into a small site, built in memory and checked (a library so
        // the regression tests replay the same entry point), and the libFuzzer harness that
        // scripts/fuzz.sh builds with -sanitize=fuzzer (a plain build gives a replay tool).
        .target(name: "HandbookFuzz", dependencies: ["HandbookBuild"], path: "Sources/HandbookFuzz/Case"),
        .systemLibrary(name: "CLibFuzzer", path: "Sources/HandbookFuzz/CLibFuzzer"),
        .executableTarget(
            name: "HandbookFuzzer", dependencies: ["HandbookFuzz", "CLibFuzzer"], path: "Sources/HandbookFuzz/Fuzzer"),
        .plugin(name: "EmbedDefaultTheme", capability: .buildTool(), dependencies: ["ThemeEmbedder"]),
        .testTarget(name: "HandbookMarkdownTests", dependencies: ["HandbookMarkdown"]),
        .testTarget(name: "HandbookModelTests", dependencies: ["HandbookModel"]),
        .testTarget(name: "HandbookRenderTests", dependencies: ["HandbookRender", "HandbookModel"]),
        // `handbook` too, so every test build links a fresh binary for the CLI tests to run.
        .testTarget(
            name: "HandbookBuildTests", dependencies: ["HandbookBuild", "HandbookModel", "HandbookMarkdown", "handbook", "HandbookFuzz"]),
        .testTarget(name: "HandbookServeTests", dependencies: ["HandbookServe", "HandbookBuild", "handbook"]),
    ]
)
