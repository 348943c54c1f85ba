# Reference figures of R's forecast::ets (the field's reference forecaster) for tests/test_forecast.py.
# For each series in forecast_series/: the last 6 rolling origins (expanding window), a forecast of one
# seasonal cycle (12 months or 4 quarters) from each, and per origin the MASE (mean absolute error over
# the in-sample seasonal-naive MAE of the training window) and the coverage of the 80 % interval, for
# ets() with its automatic model choice and for the benchmarks naive, snaive and meanf.
# Run from the project root: Rscript tests/reference/ets_reference.R   (R 4.2, forecast 8.20: Debian bookworm)
suppressMessages(library(forecast))
dir <- "tests/reference/forecast_series"
rows <- list()
for (path in sort(list.files(dir, pattern = "\\.csv$", full.names = TRUE))) {
  d <- read.csv(path, stringsAsFactors = FALSE)
  f <- if (grepl("Q", d$period[1])) 4 else 12
  h <- f
  n <- nrow(d)
  for (o in (n - h - 5):(n - h)) {
    train <- ts(d$value[1:o], frequency = f)
    actual <- d$value[(o + 1):(o + h)]
    scale <- mean(abs(diff(as.numeric(train), lag = f)))
    fits <- list(
      ets = forecast(ets(train), h = h, level = 80),
      naive = naive(train, h = h, level = 80),
      snaive = snaive(train, h = h, level = 80),
      mean = meanf(train, h = h, level = 80)
    )
    for (method in names(fits)) {
      fc <- fits[[method]]
      rows[[length(rows) + 1]] <- data.frame(
        series = sub("\\.csv$", "", basename(path)), origin = o, method = method,
        model = if (method == "ets") fc$method else method,
        mase = mean(abs(actual - as.numeric(fc$mean))) / scale,
        coverage80 = mean(actual >= as.numeric(fc$lower) & actual <= as.numeric(fc$upper))
      )
    }
  }
}
result <- do.call(rbind, rows)
write.csv(result, "tests/reference/ets_reference.csv", row.names = FALSE, quote = TRUE)
summary <- aggregate(cbind(mase, coverage80) ~ series + method, data = result, FUN = mean)
print(summary[order(summary$series, summary$method), ], row.names = FALSE)
