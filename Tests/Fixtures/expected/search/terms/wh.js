handbookSearchLoaded("terms/wh",{"what":[8,21,5,1]});
