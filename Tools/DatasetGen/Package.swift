// swift-tools-version: 6.1
import PackageDescription

// A standalone generator of synthetic datasets. It deliberately does not depend on the main
// Jamfor package at the repository root, so it can be built and run on its own.
let package = Package(
    name: "DatasetGen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "jamfor-datagen", targets: ["DatasetGen"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2")
    ],
    targets: [
        .executableTarget(
            name: "DatasetGen",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
