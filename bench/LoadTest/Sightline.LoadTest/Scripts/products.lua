-- GET /products/{id} over the five seeded products: one HttpClient call to the inventory, one SQLite read there.
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", "/products/" .. (counter % 5 + 1))
end
