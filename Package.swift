// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Jamfor",
    products: [
        .library(name: "JamforWire", targets: ["JamforWire"]),
        .library(name: "JamforWireNIO", targets: ["JamforWireNIO"]),
        .library(name: "JamforDomain", targets: ["JamforDomain"]),
        .library(name: "JamforStorage", targets: ["JamforStorage"]),
        .library(name: "JamforServer", targets: ["JamforServer"]),
        .library(name: "JamforClient", targets: ["JamforClient"]),
        .library(name: "JamforTerminal", targets: ["JamforTerminal"]),
        .library(name: "JamforKolada", targets: ["JamforKolada"]),
        .library(name: "JamforReport", targets: ["JamforReport"]),
        .executable(name: "jamfor", targets: ["jamfor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "JamforWire",
            dependencies: ["CZlib"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JamforWireNIO",
            dependencies: [
                "JamforWire",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JamforDomain",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JamforStorage",
            dependencies: [
                "JamforDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API as GRDB links it: the export reader and the batch insert call it directly.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JamforServer",
            dependencies: [
                "JamforWire",
                "JamforWireNIO",
                "JamforDomain",
                "JamforStorage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JamforClient",
            dependencies: [
                "JamforWire",
                "JamforWireNIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JamforTerminal",
            dependencies: ["JamforWire"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JamforReport",
            dependencies: ["JamforWire", "JamforTerminal"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JamforKolada",
            dependencies: ["CZlib"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "jamfor",
            dependencies: [
                "JamforClient",
                "JamforTerminal",
                "JamforKolada",
                "JamforReport",
                "JamforServer",
                "JamforStorage",
                "JamforDomain",
                "JamforWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "jamforTests",
            dependencies: [
                "jamfor",
                "JamforClient",
                "JamforKolada",
                "JamforTerminal",
                "JamforServer",
                "JamforStorage",
                "JamforDomain",
                "JamforWire",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JamforClientTests",
            dependencies: [
                "JamforClient",
                "JamforServer",
                "JamforStorage",
                "JamforDomain",
                "JamforWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JamforTerminalTests",
            dependencies: ["JamforTerminal", "JamforWire"],
            exclude: ["__Snapshots__"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JamforReportTests",
            dependencies: ["JamforReport", "JamforWire"],
            exclude: ["__Snapshots__"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JamforServerTests",
            dependencies: [
                "JamforServer",
                // Built for the crash-safety test, which runs the real `jamfor serve` process.
                "jamfor",
                "JamforWire",
                "JamforWireNIO",
                "JamforDomain",
                "JamforStorage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JamforStorageTests",
            dependencies: ["JamforStorage", "JamforDomain"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JamforDomainTests",
            dependencies: ["JamforDomain"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JamforWireTests",
            dependencies: ["JamforWire"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JamforWireNIOTests",
            dependencies: [
                "JamforWire",
                "JamforWireNIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JamforKoladaTests",
            dependencies: ["JamforKolada"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ]
)
