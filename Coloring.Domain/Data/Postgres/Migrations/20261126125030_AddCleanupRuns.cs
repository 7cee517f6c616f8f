using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coloring.Domain.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddCleanupRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cleanup_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Machine = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    StartedById = table.Column<Guid>(type: "uuid", nullable: true),
                    StartedByEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ExpiredAssets = table.Column<int>(type: "integer", nullable: false),
                    OrphanFiles = table.Column<int>(type: "integer", nullable: false),
                    ExpiredSignInLinks = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cleanup_runs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cleanup_runs_AspNetUsers_StartedById",
                        column: x => x.StartedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cleanup_runs_one_running",
                table: "cleanup_runs",
                column: "Status",
                unique: true,
                filter: "\"Status\" = 'Running'");

            migrationBuilder.CreateIndex(
                name: "IX_cleanup_runs_StartedAt",
                table: "cleanup_runs",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_cleanup_runs_StartedById",
                table: "cleanup_runs",
                column: "StartedById");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cleanup_runs");
        }
    }
}
