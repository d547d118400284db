handbookSearchLoaded("terms/50",{"50":[8,3]});
