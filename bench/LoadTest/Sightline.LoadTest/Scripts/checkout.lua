-- Nine product lookups (GET /products/{id}) to one checkout (POST /orders). The checkout pays with a card the payment
-- service declines (a valid number ending in 0002), so every call of the order path runs (inventory lookup and
-- reservation over HTTP, the gRPC Charge, the reservation released over HTTP), the answer is 402, and the stock the
-- load test starts with never runs out.
local counter = 0
local order = '{"productId":%d,"quantity":1,"cardNumber":"4000000000000002"}'

request = function()
  counter = counter + 1
  local product = counter % 5 + 1
  if counter % 10 == 0 then
    return wrk.format("POST", "/orders", { ["Content-Type"] = "application/json" }, string.format(order, product))
  end
  return wrk.format("GET", "/products/" .. product)
end
