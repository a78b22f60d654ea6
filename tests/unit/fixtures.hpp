// A small, valid dataset for loader tests, independent of data/.
#pragma once

#include <string>

#include "data/loader.hpp"

namespace w2t::test {

inline const char* kMiniData = R"(sources:
  src-a: {title: "A report", publisher: "Pub", date: 2025-01, url: "https://example.org/a"}
world:
  dram_wafer_capacity:
    unit: wafer/month
    schedule:
      2024-12: {value: 2.0M, low: 1.8M, high: 2.1M}
      2026-12: {value: 2.4M, low: 2.2M, high: 2.6M}
    source: src-a
    confidence: R
  wafer_diameter: {value: 300, unit: mm, source: src-a, confidence: P}
  edge_exclusion: {value: 3, unit: mm, low: 2, high: 5, source: src-a, confidence: S}
product:
  hbm_x:
    name: HBM X
    kind: hbm
    die_capacity: {value: 24, unit: Gb, source: src-a, confidence: P}
    bit_density: {value: 0.2, low: 0.16, high: 0.24, unit: Gb/mm^2, source: src-a, confidence: S}
    die_area:
      unit: mm^2
      formula: product.hbm_x.die_capacity / product.hbm_x.bit_density
      confidence: E
    die_yield: {value: 0.7, low: 0.6, high: 0.8, unit: "1", source: src-a, confidence: R}
maker:
  maker_a:
    name: Maker A
    dram_wafer_capacity: {value: 600k, low: 550k, high: 650k, unit: wafer/month, source: src-a, confidence: R}
    mix:
      hbm_x: {value: 20%, low: 15%, high: 25%, unit: "1", source: src-a, confidence: E}
)";

inline data::LoadedDataset load(const std::string& text, Diagnostics& diag) {
  std::vector<data::TextFile> files = {{"mini.yaml", text}};
  return data::load_dataset(files, diag);
}

}  // namespace w2t::test
