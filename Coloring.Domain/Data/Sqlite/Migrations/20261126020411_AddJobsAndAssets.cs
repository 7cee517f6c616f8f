using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coloring.Domain.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddJobsAndAssets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "assets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Bucket = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: true),
                    Height = table.Column<int>(type: "INTEGER", nullable: true),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assets_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Preset = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Paper = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LinePt = table.Column<double>(type: "REAL", nullable: true),
                    Generator = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OriginalAssetId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PageAssetId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SvgAssetId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PreviewAssetId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    MetricsJson = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HeartbeatAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_jobs_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_jobs_assets_OriginalAssetId",
                        column: x => x.OriginalAssetId,
                        principalTable: "assets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_jobs_assets_PageAssetId",
                        column: x => x.PageAssetId,
                        principalTable: "assets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_jobs_assets_PreviewAssetId",
                        column: x => x.PreviewAssetId,
                        principalTable: "assets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_jobs_assets_SvgAssetId",
                        column: x => x.SvgAssetId,
                        principalTable: "assets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_assets_Bucket_Key",
                table: "assets",
                columns: new[] { "Bucket", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assets_ExpiresAt",
                table: "assets",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_assets_OwnerId",
                table: "assets",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_OriginalAssetId",
                table: "jobs",
                column: "OriginalAssetId");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_PageAssetId",
                table: "jobs",
                column: "PageAssetId");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_PreviewAssetId",
                table: "jobs",
                column: "PreviewAssetId");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_Status_CreatedAt",
                table: "jobs",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_SvgAssetId",
                table: "jobs",
                column: "SvgAssetId");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_UserId_CreatedAt",
                table: "jobs",
                columns: new[] { "UserId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "jobs");

            migrationBuilder.DropTable(
                name: "assets");
        }
    }
}
