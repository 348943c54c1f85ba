# Writes the last observations of classic R datasets as period,value CSVs for the forecast tests.
# Run once: Rscript tests/reference/export_r_series.R (from the project root).
out <- "tests/reference/forecast_series"
write_series <- function(name, y, n) {
  f <- frequency(y)
  times <- tail(as.numeric(time(y)), n)
  y <- tail(as.numeric(y), n)
  years <- floor(times + 1e-9)
  cycle <- round((times - years) * f) + 1
  period <- if (f == 12) sprintf("%d-%02d", years, cycle) else sprintf("%d-Q%d", years, cycle)
  write.csv(data.frame(period = period, value = y), file.path(out, paste0(name, ".csv")),
            row.names = FALSE, quote = FALSE)
}
write_series("airpassengers", AirPassengers, 72)
write_series("usaccdeaths", USAccDeaths, 72)
write_series("ldeaths", ldeaths, 72)
write_series("ukdriverdeaths", UKDriverDeaths, 72)
write_series("nottem", nottem, 72)
write_series("co2_r", co2, 72)
write_series("ukgas", UKgas, 40)
write_series("austres", austres, 40)
