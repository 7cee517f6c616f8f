using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coloring.Domain.Data.Postgres.Migrations
{
    /// <summary>
    /// ADR 0007: accounts made through an address with characters outside ASCII (the look-alikes Identity's
    /// UpperInvariant keys joined to real addresses) get keys with only their ASCII letters upper-cased, so they can
    /// never be found by a real address again; they lose the Admin role and every session; their unused links go.
    /// The model does not change. translate() rather than upper(), which would fold long s to S again.
    /// </summary>
    [DbContext(typeof(PostgresColoringDbContext))]
    [Migration("20261202010000_DetachLookAlikeAddresses")]
    public partial class DetachLookAlikeAddresses : Migration
    {
        private const string NotAscii = "(\"Email\" ~ '[^ -~]' OR \"UserName\" ~ '[^ -~]')";

        private const string AsciiUpper = "'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                DELETE FROM "AspNetUserRoles"
                WHERE "RoleId" IN (SELECT "Id" FROM "AspNetRoles" WHERE "NormalizedName" = 'ADMIN')
                  AND "UserId" IN (SELECT "Id" FROM "AspNetUsers" WHERE {NotAscii});
                """);
            migrationBuilder.Sql($"""
                UPDATE "AspNetUsers"
                SET "NormalizedEmail" = translate(btrim("Email"), {AsciiUpper}),
                    "NormalizedUserName" = translate(btrim("UserName"), {AsciiUpper}),
                    "SecurityStamp" = md5(random()::text || clock_timestamp()::text),
                    "ConcurrencyStamp" = md5(random()::text || clock_timestamp()::text)
                WHERE {NotAscii};
                """);
            migrationBuilder.Sql("""DELETE FROM "magic_link_tokens" WHERE "Email" ~ '[^ -~]';""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: the old keys were the flaw.
        }
    }
}
