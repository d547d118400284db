handbookSearchLoaded("terms/fi",{"finding":[8,3,19,1,20,1,21,1],"fixture":[0,50]});
