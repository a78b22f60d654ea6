// Every site type side by side on the same IT load at one location
// (`w2t sites`): the location's climate and grid, each type's own cooling,
// building, reliability and costs.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "data/sampling.hpp"
#include "sites/economics.hpp"

namespace w2t::sites {

struct SiteTypeYear {
  std::string type, name;
  std::array<double, 12> pue{};  // January to December
  double pue_annual = 0.0;       // facility energy over IT energy
  double chiller_hours = 0.0;    // share of the year's hours on chillers
  double over_design = 0.0;      // share of hours warmer than a chiller-less design holds
  double energy = 0.0;           // J per year, facility
  double water = 0.0;            // m^3 per year
  double co2_operational = 0.0;  // kg per year
  double co2_embodied = 0.0;     // kg: building or hull and the IT hardware
  double co2_embodied_yearly =
      0.0;             // kg per year: the hardware over its service life, the building over its life
  double capex = 0.0;  // $: building or hull and the IT hardware
  double opex = 0.0;   // $ per year: energy, maintenance, staff
  double tco = 0.0;    // $: present value over the horizon at the cost of capital
  double usd_per_gpu_hour = 0.0;
  double failures = 0.0;  // hardware failures per year
};

struct Comparison {
  double load = 0.0;  // W of IT
  std::string location, location_name, grid, accelerator;
  int year = 0;        // calendar year of the climate and prices
  double years = 0.0;  // the TCO horizon
  double accelerators = 0.0;
  DeviceCarbon device;  // per accelerator
  std::vector<SiteTypeYear> types;
  std::vector<std::string> without_water;  // water-cooled types the location cannot host
};

struct CompareRequest {
  double load = 0.0;    // W of IT
  double beside = 0.0;  // IT power beside the accelerator racks, per unit of theirs
  int location = 0;     // site index: its climate and grid
  int accelerator = 0;  // chain index
  double years = 10.0;
};

// `t0` is the month index (in the models' span) of January of the year compared.
Comparison compare_site_types(const SiteModel& sites, const Economics& economics, const supply::Chain& chain,
                              std::span<const double> params, const CompareRequest& request, int t0);

// A year of the location's own site type (w2t train and w2t demand price
// their runs with it): the calendar year of month t, or the span's whole
// year nearest it. An error when the span is shorter than a year.
Expected<SiteTypeYear> own_type_year(const SiteModel& sites, const Economics& economics, const supply::Chain& chain,
                                     std::span<const double> params, const CompareRequest& request, int t);

// The figures of a site type's year that carry bands, by the name reports use.
struct Figure {
  std::string_view name;
  double SiteTypeYear::*member;
};
std::span<const Figure> site_figures();

// P5 and P95 of a figure over parameter draws.
struct Band {
  double p5 = 0.0;
  double p95 = 0.0;
};
struct SiteTypeBands {
  std::array<Band, 12> pue;
  std::vector<Band> figures;  // in site_figures() order
};

// Bands of every figure of the comparison over `samples` draws of the
// parameters (seed `seed`); `beside` is read from each draw through
// `non_accelerator_it`. One entry per compared site type, in its order.
std::vector<SiteTypeBands> compare_bands(const SiteModel& sites, const Economics& economics,
                                         const supply::Chain& chain, const Series& non_accelerator_it,
                                         const data::Sampler& sampler, std::size_t parameters,
                                         CompareRequest request, int t0, std::uint64_t seed, int samples);

}  // namespace w2t::sites
