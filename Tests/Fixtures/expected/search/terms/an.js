handbookSearchLoaded("terms/an",{"analyst":[8,50,2,10,3,10,7,8,0,1],"analysts":[8,2,11,1]});
