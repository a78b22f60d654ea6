// What keeps hostile input harmless below the server: bounds on every
// parameter, text that must be UTF-8, numbers that must be plain, files
// that must be regular, a sketch no infinity reaches.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/files.hpp"
#include "core/quantile_sketch.hpp"
#include "core/unit.hpp"
#include "core/utf8.hpp"
#include "data/schema.hpp"

namespace w2t {
namespace {

// A parameter without finite bounds on both sides lets 0 or 1e308 through
// to a division or a loop (a zero service life looped for ever).
TEST(Schema, EveryNumberHasFiniteBoundsBothSides) {
  for (const auto& domain : data::domains()) {
    for (const auto& f : domain.fields) {
      if (f.kind != data::FieldKind::number && f.kind != data::FieldKind::number_map) continue;
      EXPECT_TRUE(std::isfinite(f.min) && std::isfinite(f.max) && f.min < f.max)
          << domain.name << "." << f.name << " [" << f.min << ", " << f.max << "]";
    }
  }
}

TEST(Schema, ServiceLivesAndDiametersAreNeverZero) {
  const auto* cost = data::find_domain("cost");
  ASSERT_NE(cost, nullptr);
  const auto* life = cost->field("depreciation_life_it");
  ASSERT_NE(life, nullptr);
  EXPECT_GT(life->min, 0.0);
  const auto* world = data::find_domain("world");
  ASSERT_NE(world, nullptr);
  const auto* wafer = world->field("wafer_diameter");
  ASSERT_NE(wafer, nullptr);
  EXPECT_GE(wafer->min, 100.0);  // mm: the smallest wafers in production are 100 mm
  EXPECT_LE(wafer->max, 450.0);  // the largest ever proposed
}

TEST(Utf8, FindsTheFirstInvalidByte) {
  EXPECT_TRUE(valid_utf8("plain ascii"));
  EXPECT_TRUE(valid_utf8("Gyeongsangbuk-do \xea\xb2\xbd\xec\x83\x81"));  // 경상
  EXPECT_EQ(invalid_utf8("ab\xff"), 2U);
  EXPECT_EQ(invalid_utf8("\xc3"), 0U);                 // truncated two-byte sequence
  EXPECT_EQ(invalid_utf8("x\xc0\xaf"), 1U);            // overlong '/'
  EXPECT_EQ(invalid_utf8("\xed\xa0\x80"), 0U);         // a UTF-16 surrogate
  EXPECT_EQ(invalid_utf8("\xf4\x90\x80\x80"), 0U);     // beyond U+10FFFF
}

TEST(Quantity, ACommaOnlyGroupsThousands) {
  auto grouped = parse_quantity("1,500 W");
  ASSERT_TRUE(grouped.ok());
  EXPECT_DOUBLE_EQ(grouped->value, 1500.0);
  EXPECT_FALSE(parse_quantity("1,5 W").ok());
  EXPECT_FALSE(parse_quantity("1,5000 W").ok());
  EXPECT_FALSE(parse_quantity("1,500.5,000 W").ok());
}

TEST(Quantity, UnitExponentsStayPhysical) {
  EXPECT_TRUE(parse_quantity("1 m^3").ok());
  EXPECT_TRUE(parse_quantity("1 s^-2").ok());
  EXPECT_FALSE(parse_quantity("1 m^99").ok());
  EXPECT_FALSE(parse_quantity("1 m^-7").ok());
}

TEST(QuantileSketch, NonFiniteValuesAreCountedNotBinned) {
  QuantileSketch s(0.01);
  s.add(1.0);
  s.add(std::numeric_limits<double>::infinity());
  s.add(-std::numeric_limits<double>::infinity());
  s.add(std::nan(""));
  s.add(3.0);
  EXPECT_EQ(s.non_finite(), 3U);
  EXPECT_EQ(s.count(), 2U);
  EXPECT_NEAR(s.quantile(1.0), 3.0, 0.03);
}

struct Files : ::testing::Test {
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() /
          (std::string("w2t-files-") + ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" +
           std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::filesystem::path dir;
};

TEST_F(Files, ReadRefusesWhatIsNotARegularFile) {
  const auto fifo = (dir / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto read = read_text(fifo);  // would block for ever if opened for reading plainly
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().message.find("FIFO"), std::string::npos) << read.error().message;
  EXPECT_FALSE(read_text("/dev/zero").ok());
  EXPECT_FALSE(read_text(dir.string()).ok());
}

TEST_F(Files, ReadRefusesWhatIsTooLarge) {
  const auto path = (dir / "big.yaml").string();
  std::ofstream(path) << std::string(2000, 'x');
  EXPECT_TRUE(read_text(path, 4096).ok());
  EXPECT_FALSE(read_text(path, 1000).ok());
}

TEST_F(Files, WriteReplacesOnlyARegularFile) {
  const auto victim = (dir / "victim").string();
  std::ofstream(victim) << "keep me";
  const auto link = (dir / "report.html").string();
  std::filesystem::create_symlink(victim, link);
  EXPECT_FALSE(write_text_atomic(link, "new").ok());
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  // A planted PATH.tmp link is not the temporary file the write uses.
  const auto target = (dir / "out.html").string();
  std::filesystem::create_symlink(victim, target + ".tmp");
  ASSERT_TRUE(write_text_atomic(target, "report").ok());
  std::ifstream in(victim);
  std::string kept((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(kept, "keep me");
  EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::symlink_status(target)));
  EXPECT_EQ(std::filesystem::file_size(target), 6U);
}

}  // namespace
}  // namespace w2t
