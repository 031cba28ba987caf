import Foundation
import JamforDomain
import Testing

@testable import JamforStorage

/// Accounts: creating, finding, listing and revoking.
@Suite("SQLiteStorage: accounts")
struct SQLiteStorageAccountsTests {
    private let admin = Account(
        name: "admin",
        role: .admin,
        tokenHash: Array(0..<32),
        createdAt: Date(timeIntervalSince1970: 1_750_000_000)
    )
    private let kalmar = Account(
        name: "kalmar",
        role: .member,
        municipality: Fixture.kalmar,
        tokenHash: [0xFF, 0x00, 0x7F],
        createdAt: Date(timeIntervalSince1970: 1_750_000_100.5)
    )

    @Test("an account reads back with every field, listed by name")
    func createAndRead() async throws {
        try await withStorage { storage in
            #expect(try await storage.accounts().isEmpty)
            try await storage.createAccount(kalmar)
            try await storage.createAccount(admin)
            #expect(try await storage.account(named: "kalmar") == kalmar)
            #expect(try await storage.account(named: "admin") == admin)
            #expect(try await storage.account(named: "Kalmar") == nil)
            #expect(try await storage.accounts() == [admin, kalmar])
        }
    }

    @Test("a name can be taken once, even after the account is revoked")
    func duplicateName() async throws {
        try await withStorage { storage in
            try await storage.createAccount(kalmar)
            var other = admin
            other.name = "kalmar"
            #expect(await storageError { try await storage.createAccount(other) } == .accountExists("kalmar"))
            #expect(try await storage.account(named: "kalmar") == kalmar)
            #expect(try await storage.revokeAccount(named: "kalmar", at: testNow))
            #expect(await storageError { try await storage.createAccount(other) } == .accountExists("kalmar"))
            #expect(try await storage.accounts().count == 1)
        }
    }

    @Test("revoking sets the time once and says whether the account exists")
    func revoke() async throws {
        try await withStorage { storage in
            try await storage.createAccount(admin)
            try await storage.createAccount(kalmar)
            #expect(try await storage.revokeAccount(named: "kalmar", at: testNow))
            #expect(try await storage.revokeAccount(named: "kalmar", at: testNow.addingTimeInterval(60)))
            #expect(try await storage.revokeAccount(named: "nobody", at: testNow) == false)
            var revoked = kalmar
            revoked.revokedAt = testNow
            #expect(try await storage.account(named: "kalmar") == revoked)
            #expect(try await storage.account(named: "admin")?.revokedAt == nil)
            #expect(try await storage.accounts() == [admin, revoked])
        }
    }
}
