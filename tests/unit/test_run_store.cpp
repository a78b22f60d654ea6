// The run store: what is saved comes back, ids grow, diffs name what moved.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "default_run.hpp"
#include "io/run_store.hpp"
#include "model/run.hpp"

namespace w2t {
namespace {

struct RunStore : test::DefaultRun {
  void SetUp() override {
    path = (std::filesystem::temp_directory_path() /
            (std::string("w2t-store-test-") + ::testing::UnitTest::GetInstance()->current_test_info()->name() +
             "-" + std::to_string(::getpid()) + ".db"))
               .string();
    std::filesystem::remove(path);
    test::DefaultRun::SetUp();
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  io::RunRecord record(double die_yield) {
    io::RunRecord r;
    r.kind = "run";
    r.command = "w2t run";
    r.version = "test";
    r.scenario_id = world.scenario.id;
    r.scenario_text = "scenario: stargate-2025\n";
    r.overrides = {{"product.hbm4_12h.die_yield", std::to_string(die_yield)}};
    r.params = run.params;
    r.params[*world.dataset.find("product.hbm4_12h.die_yield")] = die_yield;
    r.dataset = &world.dataset;
    r.timeline = &run.timeline;
    r.result = {{"gw", die_yield * 10.0}, {"label", "x"}};
    return r;
  }
  std::string path;
};

TEST_F(RunStore, SavedRunsComeBackWhole) {
  auto store = io::RunStore::open(path);
  ASSERT_TRUE(store.ok()) << store.error().format();
  auto first = store->save(record(0.6));
  auto second = store->save(record(0.5));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_LT(*first, *second);

  const auto runs = store->list(10);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ(runs->front().id, *second);  // newest first

  const auto doc = store->load(*first);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ((*doc)["run"]["kind"], "run");
  EXPECT_EQ((*doc)["overrides"][0]["path"], "product.hbm4_12h.die_yield");
  EXPECT_EQ((*doc)["parameters"].size(), world.dataset.parameters().size());
  EXPECT_DOUBLE_EQ((*doc)["result"]["gw"].get<double>(), 6.0);

  // The timeline comes back row for row: as many lines as rows, plus the header.
  const auto csv = store->timeline_csv(*first);
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv->begin(), csv->end(), '\n')),
            run.timeline.rows.size() + 1);

  EXPECT_FALSE(store->load(999).ok());
}

TEST_F(RunStore, DiffNamesTheParameterAndTheFigureThatMoved) {
  auto store = io::RunStore::open(path);
  ASSERT_TRUE(store.ok());
  const auto a = store->load(*store->save(record(0.6)));
  const auto b = store->load(*store->save(record(0.5)));
  const auto d = io::diff_runs(*a, *b);
  ASSERT_EQ(d["parameters"].size(), 1u);
  EXPECT_EQ(d["parameters"][0]["path"], "product.hbm4_12h.die_yield");
  EXPECT_DOUBLE_EQ(d["parameters"][0]["old"].get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(d["parameters"][0]["new"].get<double>(), 0.5);
  ASSERT_EQ(d["figures"].size(), 1u);
  EXPECT_EQ(d["figures"][0]["path"], "gw");
  EXPECT_NEAR(d["figures"][0]["relative"].get<double>(), -1.0 / 6.0, 1e-12);
}

TEST_F(RunStore, NotAStoreIsAnError) {
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not a database, it is a text file of some length to fill a page", f);
    std::fclose(f);
  }
  EXPECT_FALSE(io::RunStore::open(path).ok());
}

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST_F(RunStore, ASqliteFileOfAnotherKindIsRefusedAndLeftAlone) {
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE notes(text); INSERT INTO notes VALUES ('mine');", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  const auto before = contents(path);
  auto store = io::RunStore::open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("not a w2t run store"), std::string::npos) << store.error().message;
  EXPECT_FALSE(io::RunStore::open_readonly(path).ok());
  EXPECT_EQ(contents(path), before);
}

TEST_F(RunStore, AMissingStoreIsMissingAndNotMadeByReading) {
  auto store = io::RunStore::open_readonly(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::missing);
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(RunStore, NothingUnreadableIsWritten) {
  auto store = io::RunStore::open(path);
  ASSERT_TRUE(store.ok());
  auto nan = record(0.5);
  nan.result["gw"] = std::nan("");
  EXPECT_FALSE(store->save(nan).ok());
  auto bytes = record(0.5);
  bytes.scenario_id = "id-\xff";
  EXPECT_FALSE(store->save(bytes).ok());
  auto list = store->list(10);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  EXPECT_TRUE(store->save(record(0.5)).ok());
}

TEST_F(RunStore, ARunBeyondTheLimitsIsNotStored) {
  auto store = io::RunStore::open(path, {std::uint64_t{1} << 10, 0});  // 1 KiB a run
  ASSERT_TRUE(store.ok());
  auto saved = store->save(record(0.5));
  ASSERT_FALSE(saved.ok());
  EXPECT_NE(saved.error().message.find("not stored"), std::string::npos) << saved.error().message;
}

}  // namespace
}  // namespace w2t
