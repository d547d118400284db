handbookSearchLoaded("terms/we",{"welcome":[0,1]});
