# Reference figures of qicharts2 and FunnelPlotR for tests/test_references.py (issue 21):
# - Laney p′ and u′ charts on a series with an outlier, with the moving ranges of z screened (qicharts2's
#   default since 0.7.4: the option qic.screenedmr, set to TRUE when the package is attached) and without;
# - the quasi-Poisson dispersion of a Poisson-like and an overdispersed count series (R's glm);
# - a funnel with φ ≤ 1 and τ² > 0, where FunnelPlotR (since 0.4.2) keeps the unadjusted limits, and one
#   with φ > 1, where it draws the overdispersion-adjusted limits; with Spiegelhalter's exact binomial
#   limits computed here with R's own qbinom/pbinom/dbinom (FunnelPlotR's unadjusted proportion limits
#   are the arcsine normal approximation, which the app does not use).
# The input series are synthetic and used by no other test.
# Run from the project root (R 4.2.2 on Debian bookworm; qicharts2 0.8.1 and FunnelPlotR 0.6.0 installed
# from the sources of anhoej/qicharts2 and nhs-r-community/FunnelPlotR):
#   Rscript tests/reference/spc_funnel_reference.R > tests/reference/spc_funnel_reference.json
suppressMessages({
  library(qicharts2)
  library(FunnelPlotR)
  library(jsonlite)
})

laney <- function(num, den, chart, screened) {
  options(qic.screenedmr = screened)
  d <- qic(seq_along(num), num, n = den, chart = chart, return.data = TRUE)
  base <- if (chart == "pp") sqrt(d$cl * (1 - d$cl) / d$n) else sqrt(d$cl / d$n)
  list(centre = d$cl[1], sigma_z = mean((d$ucl - d$cl) / (3 * base)), lower = d$lcl, upper = d$ucl,
       outside = d$sigma.signal, longest_run = d$longest.run[1], crossings = d$n.crossings[1])
}

series <- list(
  pp = list(num = c(392, 472, 290, 310, 225, 168, 168, 237, 474, 214, 194, 290, 450, 493, 379, 402, 297, 312,
                    290, 249, 499, 210, 383, 507),
            den = c(2002, 2392, 1558, 1713, 1191, 1027, 930, 1327, 2065, 1187, 1098, 1789, 2222, 2592, 2144, 1571,
                    1761, 2070, 1590, 1411, 2457, 1127, 2167, 2564)),
  up = list(num = c(152, 230, 333, 154, 348, 289, 173, 514, 84, 143, 264, 176, 175, 457, 255, 240, 250, 138, 83, 315),
            den = c(57.2, 79.3, 134.4, 58.0, 131.4, 111.8, 79.6, 142.0, 45.1, 69.2, 100.0, 88.0, 86.2, 159.7, 105.9,
                    119.3, 94.7, 63.8, 52.5, 130.7))
)
charts <- list()
for (chart in names(series)) {
  s <- series[[chart]]
  charts[[chart]] <- list(numerators = s$num, denominators = s$den,
                          screened = laney(s$num, s$den, chart, TRUE),
                          unscreened = laney(s$num, s$den, chart, FALSE))
}
options(qic.screenedmr = TRUE)

exact <- function(theta, n, p) {  # Spiegelhalter 2005, appendix A.1.1
  r <- qbinom(p, n, theta)
  alpha <- (pbinom(r, n, theta) - p) / dbinom(r, n, theta)
  pmin(1, pmax(0, (r - alpha) / n))
}

funnels <- list(
  not_overdispersed = data.frame(
    unit = sprintf("Y%02d", 1:12),
    num = c(126, 130, 13, 136, 26, 169, 196, 128, 11, 165, 61, 117),
    den = c(525, 557, 77, 603, 78, 663, 819, 605, 63, 806, 290, 525)),
  overdispersed = data.frame(
    unit = sprintf("Z%02d", 1:12),
    num = c(164, 229, 222, 132, 163, 147, 87, 30, 53, 24, 122, 20),
    den = c(682, 797, 807, 499, 745, 829, 309, 99, 202, 85, 425, 76))
)
funnel_out <- list()
for (name in names(funnels)) {
  d <- funnels[[name]]
  fp <- suppressMessages(funnel_plot(d, num, den, unit, data_type = "PR"))
  a <- fp$aggregated_data
  a <- a[match(d$unit, as.character(a$group)), ]
  theta <- sum(d$num) / sum(d$den)
  funnel_out[[name]] <- list(
    units = d$unit, numerators = d$num, denominators = d$den, centre = theta,
    phi = fp$phi, tau2 = fp$tau2, draw_adjusted = fp$draw_adjusted,
    adjusted = list(lower95 = a$OD95LCL, upper95 = a$OD95UCL, lower998 = a$OD99LCL, upper998 = a$OD99UCL),
    approximate = list(lower95 = a$LCL95, upper95 = a$UCL95, lower998 = a$LCL99, upper998 = a$UCL99),
    exact = list(lower95 = exact(theta, d$den, 0.025), upper95 = exact(theta, d$den, 0.975),
                 lower998 = exact(theta, d$den, 0.001), upper998 = exact(theta, d$den, 0.999)),
    outlier = as.integer(a$outlier))
}

# Quasi-Poisson dispersion of count series (the choice between a c and an I chart): R's glm with a trend, and
# a term per calendar month when the series covers two years; φ = Pearson's χ² / residual df.
counts <- list(
  poisson_like = c(61, 61, 60, 70, 73, 66, 75, 63, 64, 61, 78, 64, 75, 68, 67, 77, 66, 62, 80, 74),
  overdispersed = c(1237, 1185, 1220, 1259, 1177, 1293, 1285, 1120, 1132, 1083, 1178, 1300, 1281, 1193, 1315,
                    1227, 1210, 1186, 1147, 1045, 1131, 1222, 1265, 1170, 1181, 1126, 1243, 1263, 1212, 1229,
                    1173, 1119, 1145, 1108, 1122, 1200)
)
dispersion <- list()
for (name in names(counts)) {
  y <- counts[[name]]
  time <- seq_along(y) - 1
  tight <- glm.control(epsilon = 1e-12, maxit = 100)  # the default 1e-8 leaves φ off in the 6th digit
  fit <- if (length(y) >= 24) glm(y ~ time + factor(time %% 12), family = quasipoisson, control = tight) else
    glm(y ~ time, family = quasipoisson, control = tight)
  chi2 <- sum(residuals(fit, type = "pearson")^2)
  dispersion[[name]] <- list(counts = y, phi = summary(fit)$dispersion, df = fit$df.residual,
                             p_value = pchisq(chi2, fit$df.residual, lower.tail = FALSE))
}

versions <- list(R = paste(R.version$major, R.version$minor, sep = "."),
                 qicharts2 = as.character(packageVersion("qicharts2")),
                 FunnelPlotR = as.character(packageVersion("FunnelPlotR")))
cat(toJSON(list(versions = versions, charts = charts, funnels = funnel_out, dispersion = dispersion), digits = NA, auto_unbox = TRUE,
           pretty = TRUE), "\n")
