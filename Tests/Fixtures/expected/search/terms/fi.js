handbookSearchLoaded("terms/fi",{"finding":[8,3],"fixture":[0,50]});
